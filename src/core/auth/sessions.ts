// The port features use to ask who is signed in where, and for a token: implemented over the
// authentication provider in src/auth, and over vscode.authentication in tests.

export interface SessionSummary {
  readonly id: string;
  /** As the session index keeps it: https://host, no trailing slash. */
  readonly orgUrl: string;
  /** The signed-in person's name, or the application's label. */
  readonly account: string;
  /** A service principal (client secret or certificate), not a person. */
  readonly application: boolean;
}

export interface SessionSource {
  /** Called when sessions are added, removed or changed (here or in another window). */
  onDidChangeSessions(listener: () => void): { dispose(): void };
  sessions(): Promise<readonly SessionSummary[]>;
  /** A token for the session; forceRefresh skips any cached token (after a 401). */
  accessToken(sessionId: string, forceRefresh: boolean): Promise<string>;
}
