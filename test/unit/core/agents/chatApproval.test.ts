// When chat may have run the write tool without showing its confirmation, the tool must ask itself:
// VS Code's auto-approve under the old name (before ~1.104) and the new one, for all tools or this one.
import { strict as assert } from 'node:assert';
import {
  CHAT_AUTO_APPROVE_SETTINGS,
  chatConfirmedWrite,
  chatMayAutoApprove,
} from '../../../../src/core/agents/chatApproval';

const names = ['dataverse_write', 'dataverseWrite'];

describe('chat auto-approve and the write confirmation', () => {
  it('reads both names of the setting: the current one and the one of VS Code 1.99–1.103', () => {
    assert.deepEqual([...CHAT_AUTO_APPROVE_SETTINGS], ['chat.tools.global.autoApprove', 'chat.tools.autoApprove']);
  });

  it('counts a write as confirmed by chat only with a token and no auto-approve anywhere', () => {
    assert.equal(chatConfirmedWrite(true, [undefined, false, undefined, undefined, undefined], names), true);
    assert.equal(chatConfirmedWrite(true, [], names), true);
    assert.equal(chatConfirmedWrite(false, [false], names), false, 'no token: not from chat');
  });

  it('is unconfirmed when either name is on, in any scope', () => {
    // [effective, default, user, workspace, folder] of the new name, then of the old one.
    const oldNameOn = [undefined, false, undefined, undefined, undefined, true, false, true, undefined, undefined];
    assert.equal(chatConfirmedWrite(true, oldNameOn, names), false);
    const newNameOn = [true, false, true, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
    assert.equal(chatConfirmedWrite(true, newNameOn, names), false);
    // A workspace false over a user true: chat reads the user's value in an untrusted workspace.
    assert.equal(chatConfirmedWrite(true, [false, false, true, false, undefined], names), false);
  });

  it('takes the per-tool form: an object of tool ids (or reference names) to true', () => {
    assert.equal(chatConfirmedWrite(true, [undefined, false, { dataverse_write: true }], names), false);
    assert.equal(chatMayAutoApprove([{ dataverse_write: true }], names), true);
    assert.equal(chatMayAutoApprove([{ dataverseWrite: true }], names), true);
    assert.equal(chatMayAutoApprove([{ dataverse_write: false, dataverse_query: true }], names), false);
    assert.equal(chatMayAutoApprove([{ other_tool: true }], names), false);
    assert.equal(chatMayAutoApprove([{ dataverse_write: 'yes' }], names), false, 'VS Code takes only true');
  });

  it('ignores what is not a setting value VS Code would act on', () => {
    assert.equal(chatMayAutoApprove([null, 'true', 1, [], undefined], names), false);
    assert.equal(chatMayAutoApprove([Object.create({ dataverse_write: true })], names), false, 'own keys only');
  });
});
