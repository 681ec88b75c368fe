// Dataverse's error body and the codes real organizations send for each failure.

export const Codes = {
  notFound: '0x80040217',
  segmentNotFound: '0x8006088a',
  propertyNotFound: '0x0',
  badQuery: '0x80060888',
  invalidPayload: '0x80048d19',
  validation: '0x80044331',
  preconditionFailed: '0x80060882',
  duplicateKey: '0x80040237',
  invalidArgument: '0x80040203',
  fetchXmlInvalid: '0x80041103',
  throttleRequests: '0x80072322',
  throttleExecutionTime: '0x80072321',
  throttleConcurrency: '0x80072326',
  unauthorized: '0x80072560',
  serverBusy: '0x80040216',
} as const;

export class ODataError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function notFoundRecord(entity: string, id: string): ODataError {
  return new ODataError(404, Codes.notFound, `${entity} With Id = ${id} Does Not Exist`);
}

export function segmentNotFound(segment: string): ODataError {
  return new ODataError(404, Codes.segmentNotFound, `Resource not found for the segment '${segment}'.`);
}

export function propertyNotFound(property: string, typeName: string): ODataError {
  return new ODataError(400, Codes.propertyNotFound,
    `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${typeName}'.`);
}

export function badQuery(message: string): ODataError {
  return new ODataError(400, Codes.badQuery, message);
}
