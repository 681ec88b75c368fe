// The seam between the emulator's Entra side (server.ts, entra/) and its Dataverse side (dataverse/).
// Both halves import only from here; server.ts wires them together.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Claims of an access token minted by the emulator's Entra side (v1/v2 shaped like Entra's). */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  oid: string;
  appid: string;
  azp?: string;
  upn?: string;
  preferred_username?: string;
  name?: string;
  scp?: string;
  roles?: string[];
  iat: number;
  nbf: number;
  exp: number;
  ver: '1.0' | '2.0';
}

export type TokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'notYetValid' | 'audience' };

/** Faults the control endpoint can switch on; both halves read the same object on every request. */
export interface FaultState {
  /** Added to every response. */
  latencyMs: number;
  /** Fraction 0..1 of Dataverse requests answered with 503. */
  serverErrorRate: number;
  /** Fraction 0..1 of Dataverse requests whose socket is destroyed before any answer. */
  resetRate: number;
  /** Next N Dataverse requests get 429 with Retry-After and a service-protection error code. */
  throttleNext: number;
  throttleRetryAfterSeconds: number;
  /** Service protection threshold: max requests per window per user before 429 (0 = unlimited). */
  requestsPerWindow: number;
  windowSeconds: number;
  /** Token endpoint answers 503 while true. */
  tokenEndpointDown: boolean;
  /** Which service-protection limit a 429 reports (default 'requests', code 0x80072322). */
  throttleKind?: 'requests' | 'executionTime' | 'concurrency';
  /** Seconds added to the emulator's clock when it mints and checks tokens (simulates skew). */
  clockSkewSeconds: number;
  /**
   * While not empty, Web API requests whose path and query contain `pluginErrorPath` answer 400 with
   * 0x80040265 and this message, as a plug-in that throws InvalidPluginExecutionException does. The
   * org writes that message: tests put markdown links or other hostile text in it.
   */
  pluginErrorMessage: string;
  pluginErrorPath: string;
}

export function defaultFaults(): FaultState {
  return {
    latencyMs: 0,
    serverErrorRate: 0,
    resetRate: 0,
    throttleNext: 0,
    throttleRetryAfterSeconds: 2,
    requestsPerWindow: 0,
    windowSeconds: 300,
    tokenEndpointDown: false,
    clockSkewSeconds: 0,
    pluginErrorMessage: '',
    pluginErrorPath: '',
  };
}

/** Counters read by tests through GET /_emulator/stats. */
export interface EmulatorStats {
  /** Token endpoint requests by grant_type (authorization_code, refresh_token, client_credentials, device_code…). */
  tokenRequests: Record<string, number>;
  /** Dataverse requests by method. */
  dataverseRequests: Record<string, number>;
  /**
   * Dataverse requests by method and the first segment of their path (`GET contacts`,
   * `GET EntityDefinitions`, `POST $batch`): a test counts its own requests, not the extension's
   * background ones (metadata loads) that happen at the same time.
   */
  dataverseResources: Record<string, number>;
  /** Dataverse responses by status code. */
  dataverseStatuses: Record<string, number>;
}

export interface DataverseOptions {
  /** https://127.0.0.1:PORT — no trailing slash. Also the audience tokens must carry. */
  orgUrl: string;
  /** For the 401 challenge: `<authorityHost>/<tenantId>/oauth2/authorize`. */
  challengeAuthorizationUri: string;
  tenantId: string;
  verifyToken(bearer: string | undefined): TokenCheck;
  faults: FaultState;
  stats: EmulatorStats;
  /** A `$metadata` CSDL document, `.xml` or `.xml.gz`. */
  metadataPath: string;
  /** Records generated per table (accounts may be given separately). */
  recordsPerTable: number;
  accountRecords?: number;
  /** Seed for the deterministic record generator. */
  seed?: number;
  /** Adds N generated custom tables (contoso_vehicle, contoso_inspection, …) to scale the org's metadata. */
  extraTables?: number;
  /** Columns per generated table (default 20, at least 11 system columns). */
  extraTableColumns?: number;
}

/** Run-time metadata edits (the control endpoint's /_emulator/metadata/*), so tests can prove only changes travel. */
export interface MetadataControl {
  /** Adds a column; `type` is an AttributeTypeName (StringType, PicklistType, LookupType + `targets`…), default StringType. */
  addColumn(input: {
    table: string;
    logicalName: string;
    type?: string;
    displayName?: string;
    targets?: string[];
  }): MetadataEditResult;
  /** Sets a table's (or, with `column`, a column's) display label in a language (default 1033). */
  renameLabel(input: { table: string; column?: string; label: string; languageCode?: number }): MetadataEditResult;
  deleteTable(input: { table: string }): MetadataEditResult;
  deleteColumn(input: { table: string; column: string }): MetadataEditResult;
  /** Every ClientVersionStamp handed out so far answers ExpiredVersionStamp (0x80044352) from now on. */
  expireStamps(): MetadataEditResult;
  /** The current ServerVersionStamp. */
  version(): MetadataEditResult;
}

export interface MetadataEditResult {
  /** The ServerVersionStamp after the edit. */
  stamp: string;
  /** MetadataId of the table or column the edit touched. */
  metadataId?: string;
  logicalName?: string;
}

/** Refused edit (unknown table, bad type…): the control endpoint answers 400 with the message. */
export class MetadataEditError extends Error {}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
