// Builds the sign-in side: secret store, session list, token clients, URI handler, provider.
import * as vscode from 'vscode';
import { PendingAuthorizations } from '../core/auth/pendingAuthorizations';
import type { Settings } from '../core/config/settings';
import type { Logger } from '../core/log/logger';
import type { Telemetry } from '../core/telemetry/events';
import type { DisposableStore } from '../platform/util/dispose';
import { CallbackRouter } from './callbackRouter';
import { Dynamics365AuthProvider, PROVIDER_ID, PROVIDER_LABEL } from './provider';
import { VsCodeSecretStore } from './secretStore';
import { ReloadNotice } from './reloadNotice';
import { SessionIndex } from '../core/auth/sessionIndex';
import { SharedSessionList } from './sharedSessionList';
import { SignInService } from './signIn';
import { TokenClients } from '../core/auth/tokenClients';
import { AuthUriHandler } from './uriHandler';
import type { HttpSender } from '../core/ports';

export interface AuthParts {
  secrets: VsCodeSecretStore;
  clients: TokenClients;
  signIn: SignInService;
  provider: Dynamics365AuthProvider;
}

export function setUpAuth(
  context: vscode.ExtensionContext,
  store: DisposableStore,
  settings: () => Settings,
  http: () => HttpSender,
  log: Logger,
  telemetry: Telemetry,
): AuthParts {
  const secrets = store.add(new VsCodeSecretStore(context.secrets, vscode.env.uiKind === vscode.UIKind.Web));
  const clients = new TokenClients(secrets, http, log);
  const uriHandler = store.add(new AuthUriHandler());
  store.add(vscode.window.registerUriHandler(uriHandler));
  const router = store.add(new CallbackRouter(new PendingAuthorizations(), uriHandler, log));
  const signIn = new SignInService({
    extensionId: context.extension.id,
    secrets,
    settings,
    http,
    clients,
    router,
    log,
    telemetry,
  });
  const list = store.add(new SharedSessionList(context.globalState, secrets));
  const provider = store.add(new Dynamics365AuthProvider(new SessionIndex(list), signIn, list, log));
  const reloadNotice = store.add(new ReloadNotice(secrets, log));
  store.add(list.onDidChangeElsewhere((change) => void reloadNotice.onChangeElsewhere(change)));
  store.add(
    vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, provider, {
      supportsMultipleAccounts: true,
    }),
  );
  return { secrets, clients, signIn, provider };
}
