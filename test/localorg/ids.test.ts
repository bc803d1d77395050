import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checksum, makeId, normalizeId, to18 } from '../../localorg/ids.ts';

describe('Salesforce Ids', () => {
  it('adds the case-safe checksum of Salesforce documentation examples', () => {
    assert.equal(to18('a0D30000001n7Pi'), 'a0D30000001n7PiEAI');
    assert.equal(to18('0019000000B98de'), '0019000000B98deAAB');
    assert.equal(checksum('001000000000000'), 'AAA');
  });

  it('normalises 15-character and any-case 18-character Ids to one canonical Id', () => {
    assert.equal(normalizeId('a0D30000001n7Pi'), 'a0D30000001n7PiEAI');
    assert.equal(normalizeId('A0D30000001N7PIEAI'), 'a0D30000001n7PiEAI');
    assert.equal(normalizeId('a0d30000001n7pieai'), 'a0D30000001n7PiEAI');
    assert.equal(normalizeId('a0D30000001n7P'), null);
    assert.equal(normalizeId('a0D30000001n7Pi!!!'), null);
  });

  it('issues deterministic, sortable Ids with the right key prefix', () => {
    assert.equal(makeId('00Q', 2), '00Q000000000002EAA');
    assert.ok(makeId('00Q', 61) < makeId('00Q', 62));
    assert.equal(makeId('005', 1).length, 18);
  });
});
