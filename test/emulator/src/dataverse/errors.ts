// Dataverse's error body and the codes real organizations send for each failure.

// Sources, cited by name below:
//   [codes]   learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes
//             (MicrosoftDocs/powerapps-docs: powerapps-docs/developer/data-platform/includes/data-service-error-codes.md)
//   [client]  learn.microsoft.com/troubleshoot/power-platform/power-apps/dataverse/web-api-client-errors
//   [upsert]  learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api ("Prevent create in upsert")
//   [cache]   learn.microsoft.com/power-apps/developer/data-platform/cache-schema-data ("Manage expired cache")
//   [fetch]   learn.microsoft.com/power-apps/developer/data-platform/fetchxml/aggregate-data, …/fetchxml/join-tables
export const Codes = {
  notFound: '0x80040217', // [codes] ObjectDoesNotExist
  segmentNotFound: '0x8006088a', // [client] "Resource not found for the segment 'Account'." (404)
  propertyNotFound: '0x0', // [client] "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'." (400)
  badQuery: '0x80060888',
  invalidPayload: '0x80048d19', // [client] "Error identified in Payload provided by the user for Entity …"
  validation: '0x80044331', // execute-batch-operations-using-web-api: "A validation error occurred. …"
  preconditionFailed: '0x80060882',
  duplicateKey: '0x80040237', // [codes] DuplicateRecord; [upsert] 412 "A record with matching key values already exists."
  duplicateEntityKey: '0x80060892', // [codes] DuplicateRecordEntityKey "Entity Key {0} violated. …"
  recordNotFoundByKey: '0x80060891', // [codes] RecordNotFoundByEntityKey
  invalidArgument: '0x80040203', // [codes] InvalidArgument
  entityDoesNotSupportMessage: '0x80040800', // [codes] SdkEntityDoesNotSupportMessage
  expiredVersionStamp: '0x80044352', // [codes] ExpiredVersionStamp; [cache]
  invalidAttributeQuery: '0x80072527', // [codes] InvalidAttributeQuery (RetrieveMetadataChanges)
  // FetchXML ([codes] QueryBuilder…; the malformed-XML answer also seen from a real org in XRM-OSS/Xrm-WebApi-Client#37)
  invalidXml: '0x80040201', // InvalidXml "Invalid XML."
  malformedFetchXml: '0x80040303', // InvalidFetchXml "Malformed FetchXml." (well-formed XML that is no fetch)
  fetchXmlInvalid: '0x80041103', // QueryBuilderNoAttribute
  fetchNoEntity: '0x80041102', // QueryBuilderNoEntity
  fetchInvalidNode: '0x8004111c', // QueryBuilderDeserializeInvalidNode
  fetchInvalidLinkType: '0x80041117', // QueryBuilderDeserializeInvalidLinkType
  fetchInvalidOperator: '0x80041120', // QueryBuilderInvalidConditionOperator
  fetchInvalidFilterType: '0x80041122', // QueryBuilderInvalidFilterType
  fetchInvalidBoolean: '0x80041115', // QueryBuilderDeserializeInvalidDistinct (also descending 0x80041119)
  fetchInvalidDescending: '0x80041119', // QueryBuilderDeserializeInvalidDescending
  fetchInvalidAggregate: '0x8004111a', // QueryBuilderDeserializeInvalidAggregate
  fetchInvalidGroupBy: '0x8004112E', // QueryBuilderDeserializeInvalidGroupBy
  fetchInvalidDateGrouping: '0x80041135', // QueryBuilderInvalidDateGrouping
  fetchAttributeWithAggregate: '0x80041107', // QueryBuilderAttribute_With_Aggregate
  fetchInvalidAlias: '0x80041109', // QueryBuilderInvalid_Alias
  fetchDuplicateAlias: '0x80041130', // QueryBuilderDuplicateAlias
  fetchGroupByAndAggregate: '0x80041137', // QueryBuilderAttributeCannotBeGroupByAndAggregate
  fetchAggregateOrderByAttribute: '0x80041131', // QueryBuilderAttributeNotAllowedForAggregateOrderBy
  fetchAliasInNonAggregateOrder: '0x80041132', // QueryBuilderAliasNotAllowedForNonAggregateOrderBy
  fetchInvalidAggregateAttribute: '0x8004112F', // QueryBuilderInvalidAggregateAttribute
  fetchEntitiesDontMatch: '0x80041128', // QueryBuilderEntitiesDontMatch
  fetchTooManyLinks: '0x8004430D', // [fetch] join-tables "Number of link entities in query exceeded maximum limit."
  aggregateLimit: '0x8004E023', // [fetch] aggregate-data AggregateQueryRecordLimitExceeded
  throttleRequests: '0x80072322',
  throttleExecutionTime: '0x80072321',
  throttleConcurrency: '0x80072326',
  unauthorized: '0x80072560',
  serverBusy: '0x80040216',
  pluginFailed: '0x80040265', // [codes] IsvAborted: a plug-in threw InvalidPluginExecutionException; its message is the plug-in's
} as const;

export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
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
  return new ODataError(
    400,
    Codes.propertyNotFound,
    `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${typeName}'.`,
  );
}

export function badQuery(message: string): ODataError {
  return new ODataError(400, Codes.badQuery, message);
}

export function badRequest(code: string, message: string): ODataError {
  return new ODataError(400, code, message);
}
