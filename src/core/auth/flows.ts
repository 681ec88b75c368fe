// Which sign-in flows to offer, in order: the first is the default, the rest are "try a different
// way". A pure function of where the extension host runs, the client, its app registration and the
// user's setting (see DESIGN.md "Ways to sign in").
import * as l10n from '@vscode/l10n';
import type { ConnectionAuthentication } from '../config/connection';
import type { SignInFlowSetting } from '../config/settings';

export type SignInFlow =
  'uriHandler' | 'loopback' | 'deviceCode' | 'pasteUrl' | 'clientSecret' | 'clientCertificate' | 'importedToken';

/** Everything about one flow that is not decided per call: what people see it called. */
export interface FlowInfo {
  /** As offered in "Try a Different Way". */
  readonly label: string;
}

// Getters, so a label is translated when it is shown, in the display language configured by then.
export const FLOWS: Readonly<Record<SignInFlow, FlowInfo>> = {
  uriHandler: {
    get label() {
      return l10n.t('Sign in with the browser (returns to VS Code)');
    },
  },
  loopback: {
    get label() {
      return l10n.t('Sign in with the browser (returns to a local port)');
    },
  },
  deviceCode: {
    get label() {
      return l10n.t('Sign in with a code on another device');
    },
  },
  pasteUrl: {
    get label() {
      return l10n.t('Sign in with the browser and paste the address it ends on');
    },
  },
  clientSecret: {
    get label() {
      return l10n.t('Client secret');
    },
  },
  clientCertificate: {
    get label() {
      return l10n.t('Certificate');
    },
  },
  importedToken: {
    get label() {
      return l10n.t('Imported token');
    },
  },
};

/**
 * An application user (service principal: client secret or certificate) rather than a person. Takes
 * a session's flow or a connection's `authentication`, which name the two app kinds alike.
 */
export function isAppFlow(
  flow: SignInFlow | ConnectionAuthentication | undefined,
): flow is 'clientSecret' | 'clientCertificate' {
  return flow === 'clientSecret' || flow === 'clientCertificate';
}

export interface FlowQuery {
  /** local: desktop; remote: SSH/WSL/containers/Codespaces; web: vscode.dev / code-server in a browser. */
  extensionHost: 'local' | 'remote' | 'web';
  client: 'public' | 'confidential';
  /** The app registration has the extension's URI-handler redirect URI. */
  redirectRegistered: boolean;
  /** The built-in development client, which only allows http://localhost redirects. */
  builtInClient: boolean;
  setting: SignInFlowSetting;
  /** For confidential clients: which credential the connection has. */
  credential?: 'secret' | 'certificate';
  /** The connection was set up from imported tokens. */
  importedToken?: boolean;
}

export function chooseSignInFlows(q: FlowQuery): SignInFlow[] {
  if (q.importedToken) return ['importedToken'];
  if (q.client === 'confidential') return [q.credential === 'certificate' ? 'clientCertificate' : 'clientSecret'];
  const possible = possibleInteractiveFlows(q);
  if (q.setting === 'auto') return possible;
  // The user's choice goes first when it can work here; an impossible choice is dropped, not obeyed,
  // because it would only fail (e.g. loopback on a remote host cannot be reached by the browser).
  return possible.includes(q.setting) ? [q.setting, ...possible.filter((f) => f !== q.setting)] : possible;
}

/** The flows for a connection, from its `authentication` setting and where and how it signs in. */
export function flowsForConnection(
  authentication: ConnectionAuthentication,
  q: Pick<FlowQuery, 'extensionHost' | 'redirectRegistered' | 'builtInClient' | 'setting'>,
): SignInFlow[] {
  return chooseSignInFlows({
    ...q,
    client: isAppFlow(authentication) ? 'confidential' : 'public',
    credential: authentication === 'clientCertificate' ? 'certificate' : 'secret',
    importedToken: authentication === 'importedToken',
  });
}

function possibleInteractiveFlows(q: FlowQuery): SignInFlow[] {
  const flows: SignInFlow[] = [];
  // The URI handler needs the redirect registered; the built-in client has only http://localhost.
  if (q.redirectRegistered && !q.builtInClient) flows.push('uriHandler');
  // The loopback server listens inside the extension host, so the browser reaches it only when both
  // run on the same machine. Custom apps may have http://localhost registered too (MSAL's default).
  // On a remote or web host that is only known to the user (code-server on their own machine), so
  // there loopback is offered only when they asked for it.
  if (q.extensionHost === 'local' || q.setting === 'loopback') flows.push('loopback');
  flows.push('deviceCode', 'pasteUrl');
  return flows;
}
