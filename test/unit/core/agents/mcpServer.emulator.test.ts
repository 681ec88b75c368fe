// The MCP server with the official SDK's client, over real HTTP, its tools running against the
// Dataverse emulator: the tool list, every tool called, a wrong or missing bearer secret and a
// foreign Host refused, and neither the org's token nor the server's secret in any answer.
import * as assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AgentToolbox } from '../../../../src/core/agents/agentToolbox';
import { AgentMcpServer } from '../../../../src/core/agents/mcpServer';
import { TOOL, TOOL_SPECS } from '../../../../src/core/agents/toolSpecs';
import { startTestOrg, type TestOrg } from '../../../emulator/test/support/dataverse-server';
import { emulatorPorts, TOKEN, type EmulatorPorts } from './emulatorPorts';

const SECRET = 'mcp-secret-0123456789abcdef0123456789abcdef';

async function connect(url: string, secret: string): Promise<Client> {
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${secret}` } },
  });
  await client.connect(transport);
  return client;
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
}

/** A raw POST with chosen headers, to see what the server answers before the SDK is involved. */
function rawPost(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
  });
}

describe('MCP server with the SDK client, tools against the emulator', function () {
  this.timeout(60_000);
  let org: TestOrg;
  let ports: EmulatorPorts;
  let server: AgentMcpServer;
  let client: Client;

  before(async () => {
    org = await startTestOrg({ accountRecords: 30 });
    ports = emulatorPorts(org.url);
    server = await AgentMcpServer.start({
      toolbox: new AgentToolbox(ports),
      secret: SECRET,
      version: '0.0.0-test',
      log: ports.log,
    });
    client = await connect(server.url, SECRET);
  });
  after(async () => {
    await client?.close();
    await server?.close();
    await org?.close();
  });

  it('listens on 127.0.0.1 and lists the tools with their schemas', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      TOOL_SPECS.map((t) => t.name),
    );
    const write = tools.find((t) => t.name === TOOL.write)!;
    assert.equal(write.annotations?.destructiveHint, true);
    assert.deepEqual(write.inputSchema, TOOL_SPECS.find((t) => t.name === TOOL.write)!.inputSchema);
    const query = tools.find((t) => t.name === TOOL.query)!;
    const language = (query.inputSchema.properties as Record<string, { enum?: string[] }>)['language'];
    assert.deepEqual(language?.enum, ['odata', 'fetchxml', 'sql']);
  });

  it('calls every tool, and no answer holds the token or the secret', async () => {
    const calls: [string, Record<string, unknown>][] = [
      [TOOL.listOrgs, {}],
      [TOOL.listTables, { search: 'contact' }],
      [TOOL.describeTable, { table: 'contact', columns: 'name' }],
      [TOOL.query, { language: 'odata', query: 'contacts?$select=fullname', maxRows: 2 }],
      [
        TOOL.query,
        { language: 'fetchxml', query: '<fetch><entity name="contact"><attribute name="fullname"/></entity></fetch>' },
      ],
      [TOOL.count, { table: 'contact' }],
      [TOOL.explain, { language: 'odata', query: "accounts?$filter=name eq 'A&B'" }],
      [TOOL.write, { request: 'POST accounts\n\n{"name":"From MCP"}' }],
      [TOOL.query, { language: 'sql', query: 'SELECT TOP 2 fullname FROM contact' }],
    ];
    const answers: string[] = [];
    for (const [name, args] of calls) {
      const result = await client.callTool({ name, arguments: args });
      assert.equal(result.isError, undefined, `${name}: ${textOf(result)}`);
      answers.push(textOf(result));
    }
    assert.match(answers[3]!, /^2 rows from contacts/);
    assert.match(answers[6]!, /\$filter=name%20eq%20'A%26B'/);
    assert.match(answers[7]!, /^Sent once: 204/);
    assert.match(answers[8]!, /^2 rows from contacts/);
    assert.equal(ports.confirmations.length, 1, 'an MCP write asks the person in VS Code');
    for (const text of answers) {
      assert.ok(!text.includes(TOKEN) && !text.includes(SECRET));
    }
  });

  it('answers invalid input as a tool error, not a protocol failure', async () => {
    const result = await client.callTool({ name: TOOL.count, arguments: { table: 7 } });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /table: expected text, got a whole number/);
  });

  it('refuses a wrong or missing bearer secret and a foreign Host', async () => {
    await assert.rejects(connect(server.url, `${SECRET.slice(0, -1)}x`), /401|nauthorized|bearer/i);
    const accept = { Accept: 'application/json, text/event-stream' };
    assert.equal(await rawPost(server.url, accept), 401);
    assert.equal(await rawPost(server.url, { ...accept, Authorization: 'Bearer short' }), 401);
    assert.equal(
      await rawPost(server.url, { ...accept, Authorization: `Bearer ${SECRET}`, Host: 'evil.example:80' }),
      403,
    );
    assert.equal(
      await rawPost(server.url, { ...accept, Authorization: `Bearer ${SECRET}`, Origin: 'https://evil.example' }),
      403,
    );
  });

  it('logs the calls without the secret', () => {
    const log = ports.sink.lines.join('\n');
    assert.match(log, /Agent tool dataverse_count \(mcp\)/);
    assert.ok(!log.includes(SECRET) && !log.includes(TOKEN));
  });
});
