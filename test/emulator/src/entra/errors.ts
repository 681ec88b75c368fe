// Entra ID (AADSTS) errors, shaped exactly like the token endpoint's JSON and the authorize redirect.
import { randomUUID } from 'node:crypto';

export interface AadError {
  status: number;
  error: string;
  code: number;
  message: string;
  suberror?: string;
  claims?: string;
}

/** Thrown inside the Entra handlers; the router turns it into Entra's JSON (or redirect, or page). */
export class AadstsError extends Error {
  constructor(readonly aad: AadError) {
    super(`AADSTS${aad.code}: ${aad.message}`);
  }
}

function aad(status: number, error: string, code: number, message: string, extra: Partial<AadError> = {}): AadstsError {
  return new AadstsError({ status, error, code, message, ...extra });
}

/** Entra's timestamp format: `2024-05-01 12:34:56Z`. */
export function entraTimestamp(date = new Date()): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export interface ErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
  claims?: string;
}

export function errorBody(err: AadError, authorityHost: string, correlationId: string = randomUUID()): ErrorBody {
  const traceId = randomUUID();
  const timestamp = entraTimestamp();
  const body: ErrorBody = {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authorityHost}/error?code=${err.code}`,
  };
  if (err.suberror) body.suberror = err.suberror;
  if (err.claims) body.claims = err.claims;
  return body;
}

export const Errors = {
  tenantNotFound: (tenant: string) =>
    aad(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  appNotFound: (clientId: string, tenant: string) =>
    aad(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  badSecret: (clientId: string) =>
    aad(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  expiredSecret: (clientId: string) =>
    aad(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    ),
  missingCredential: () =>
    aad(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  publicClientWithSecret: () =>
    aad(
      401,
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    ),
  badAssertion: (detail: string) =>
    aad(401, 'invalid_client', 700027, `Client assertion failed signature validation. ${detail}`),
  assertionTime: () => aad(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.'),
  assertionIssuer: () =>
    aad(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .",
    ),
  assertionAudience: (aud: string) =>
    aad(
      401,
      'invalid_client',
      700027,
      `Client assertion audience claim '${aud}' does not match the token endpoint of this tenant.`,
    ),
  redirectMismatch: (uri: string, clientId: string) =>
    aad(
      400,
      'invalid_request',
      50011,
      `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  redirectMismatchAtRedeem: () =>
    aad(
      400,
      'invalid_grant',
      500112,
      'The reply address does not match the reply address provided when requesting Authorization code.',
    ),
  consentRequired: (clientId: string, appName: string) =>
    aad(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      { suberror: 'consent_required' },
    ),
  consentDeclined: () => aad(400, 'access_denied', 65004, 'User declined to consent to access the app.'),
  mfaRequired: (resource: string) =>
    aad(
      400,
      'invalid_grant',
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'.`,
      {
        suberror: 'basic_action',
        claims: '{"access_token":{"capolids":{"essential":true,"values":["0f4a0c2e-emulator-mfa"]}}}',
      },
    ),
  blockedByCa: () =>
    aad(
      400,
      'invalid_grant',
      53003,
      'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
      { suberror: 'message_only' },
    ),
  refreshInactive: (issued: string, inactive: string) =>
    aad(
      400,
      'invalid_grant',
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${issued} and was inactive for ${inactive}.`,
    ),
  refreshSignInFrequency: (issued: string, maxAge: string) =>
    aad(
      400,
      'invalid_grant',
      70043,
      `The refresh token has expired or is invalid due to sign-in frequency checks by conditional access. The token was issued on ${issued} and the maximum allowed lifetime for this request is ${maxAge}.`,
    ),
  grantRevoked: (issued: string, validFrom: string) =>
    aad(
      400,
      'invalid_grant',
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issued}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${validFrom}'.`,
    ),
  badRefreshToken: () => aad(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  refreshTokenWrongClient: () =>
    aad(
      400,
      'invalid_grant',
      70000,
      'Provided grant is invalid or malformed. The refresh token was issued to a different client.',
    ),
  wrongResource: (resource: string, tenantName: string) =>
    aad(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  codeRedeemed: () =>
    aad(
      400,
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    ),
  badCode: () => aad(400, 'invalid_grant', 70000, "The provided value for the 'code' parameter is not valid."),
  codeExpired: () =>
    aad(
      400,
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    ),
  codeWrongClient: () =>
    aad(
      400,
      'invalid_grant',
      70000,
      "The provided value for the 'code' parameter is not valid. The code was issued to a different client.",
    ),
  pkceMismatch: () =>
    aad(
      400,
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    ),
  pkceRequired: () =>
    aad(
      400,
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    ),
  pkcePlainRefused: () =>
    aad(
      400,
      'invalid_request',
      5000751,
      "The code_challenge_method 'plain' is not supported for this application. Use 'S256'.",
    ),
  devicePending: () =>
    aad(
      400,
      'authorization_pending',
      70016,
      'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
    ),
  deviceExpired: () => aad(400, 'expired_token', 70019, 'Verification code expired.'),
  deviceDeclined: () =>
    aad(400, 'authorization_declined', 70000, 'The user declined to authorize the device code request.'),
  badDeviceCode: () =>
    aad(400, 'invalid_grant', 70000, "The provided value for the 'device_code' parameter is not valid."),
  badPassword: () =>
    aad(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'),
  userNotFound: (tenantName: string) =>
    aad(
      400,
      'invalid_grant',
      50034,
      `The user account {EUII Hidden} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`,
    ),
  loginRequired: () => aad(400, 'login_required', 50058, 'A silent sign-in request was sent but no user is signed in.'),
  interactionRequired: () =>
    aad(
      400,
      'interaction_required',
      50076,
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource.',
    ),
  missingParameter: (name: string) =>
    aad(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  invalidParameter: (name: string, value: string) =>
    aad(400, 'invalid_request', 90014, `The provided value '${value}' for the input parameter '${name}' is not valid.`),
  unsupportedGrant: (grant: string) =>
    aad(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  unsupportedResponseType: (type: string) =>
    aad(400, 'unsupported_response_type', 700054, `response_type '${type}' is not enabled for the application.`),
  multipleResources: (scope: string) =>
    aad(
      400,
      'invalid_scope',
      28000,
      `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
    ),
  unknownScope: (scope: string, resource: string) =>
    aad(
      400,
      'invalid_scope',
      650053,
      `The application asked for scope '${scope}' that doesn't exist on the resource '${resource}'. Contact the app vendor.`,
    ),
  defaultScopeRequired: (scope: string) =>
    aad(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  missingScope: () => aad(400, 'invalid_scope', 70011, "The provided request must include a 'scope' input parameter."),
  temporarilyUnavailable: () =>
    aad(503, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'),
  invalidInstance: () => aad(400, 'invalid_instance', 50049, 'Unknown or invalid instance.'),
  notFound: () => aad(404, 'invalid_request', 900561, 'The endpoint only accepts POST requests or is unknown.'),
};
