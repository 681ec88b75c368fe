// AgentPorts over the Dataverse emulator, in process over real HTTP: the tools' tests and the MCP
// server's run the real metadata engine, Web API client and execution against it, with a scripted
// answer to the write confirmation and the log kept in memory.
import { HttpClient } from '../../../../src/core/http/httpClient';
import { MemoryLogSink, RedactingLogger } from '../../../../src/core/log/logger';
import { OrgMetadata } from '../../../../src/core/metadata/orgMetadata';
import { DataverseClient } from '../../../../src/core/webapi/client';
import type { AgentLimits, AgentOrg, AgentPorts, WritePlan } from '../../../../src/core/agents/agentPorts';

export const TOKEN = 'good:agent-tester';

export interface EmulatorPorts extends AgentPorts {
  readonly sink: MemoryLogSink;
  readonly confirmations: WritePlan[];
  /** What the person answers to the next write confirmations. */
  answer: boolean;
  limitsValue: AgentLimits;
  org: AgentOrg;
}

export function emulatorPorts(orgUrl: string, org: Partial<AgentOrg> = {}): EmulatorPorts {
  const http = new HttpClient({}, { sleep: async () => undefined });
  const client = new DataverseClient(http, orgUrl, { getToken: async () => TOKEN });
  const metadata = new OrgMetadata({ orgUrl, transport: client });
  const sink = new MemoryLogSink();
  const ports: EmulatorPorts = {
    sink,
    confirmations: [],
    answer: true,
    limitsValue: { maxRows: 50, callsPerMinute: 1000 },
    org: { url: orgUrl, name: 'Emulator', signedInAs: 'Agent Tester', production: false, readOnly: false, ...org },
    orgs: async () => [ports.org],
    tables: async (_url, signal) => (await metadata.open(signal)).tables,
    details: (_url, name, signal) => metadata.loadDetails(name, signal),
    sender: () => client,
    confirmWrite: async (plan) => {
      ports.confirmations.push(plan);
      return ports.answer;
    },
    log: new RedactingLogger(sink, () => 'trace'),
    limits: () => ports.limitsValue,
  };
  return ports;
}
