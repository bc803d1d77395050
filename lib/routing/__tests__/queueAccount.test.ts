import { readFileSync } from 'fs';
import { join } from 'path';
import { queueAccountOf, type QueueAccount } from '../queueAccount';

interface QueueAccountVector {
  name: string;
  partnerMembers: [string | null, string | null][];
  expected: QueueAccount;
}

const vectorFile = join(
  __dirname,
  '../../../force-app/main/default/staticresources/LeadRoutingVectors.json',
);
const { queueAccountVectors: vectors } = JSON.parse(readFileSync(vectorFile, 'utf8')) as {
  queueAccountVectors: QueueAccountVector[];
};

describe("a queue's partner account: vectors shared with OwnerCandidateSelectorTest.cls", () => {
  it('has vectors for every kind, names unique', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(8);
    expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
    expect(new Set(vectors.map((v) => v.expected.kind))).toEqual(
      new Set(['internal', 'partner', 'shared']),
    );
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const members = vector.partnerMembers.map(([accountId, accountName]) => ({
      accountId,
      accountName,
    }));
    expect(queueAccountOf(members)).toEqual(vector.expected);
  });
});
