// The sessions of the `dynamics365` provider as the features' SessionSource port.
import * as l10n from '@vscode/l10n';
import { UserError } from '../core/userError';
import type { Dynamics365AuthProvider } from './provider';
import type { SessionRecord } from '../core/auth/sessionIndex';
import type { SignInService } from './signIn';
import { isAppFlow } from '../core/auth/flows';
import type { SessionSource, SessionSummary } from '../core/ports';

export function providerSessionSource(provider: Dynamics365AuthProvider, signIn: SignInService): SessionSource {
  return {
    onDidChangeSessions: (listener) => provider.onDidChangeSessions(() => listener()),
    sessions: async () => (await provider.recordsFor()).map(summaryOf),
    accessToken: async (sessionId, forceRefresh) => {
      const record = (await provider.recordsFor()).find((r) => r.id === sessionId);
      if (!record) throw new UserError(l10n.t('That session has ended: sign in again.'), { code: 'session_ended' });
      return (await signIn.tokenFor(record, forceRefresh)).accessToken;
    },
  };
}

function summaryOf(record: SessionRecord): SessionSummary {
  return { id: record.id, orgUrl: record.orgUrl, account: record.label, application: isAppFlow(record.flow) };
}
