/**
 * The onboarding rules' vectors through the CLI's rules: every vector's `expect` exactly. The
 * Apex side (PartnerOnboardingRulesTest, run by npm run test:apex) reads the same file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planVector, readVectors } from './partnerVectors.ts';

describe('partners onboard: the shared onboarding vectors', () => {
  const vectors = readVectors();

  it('has vectors, each named once', () => {
    assert.ok(vectors.length >= 15);
    assert.equal(new Set(vectors.map((v) => v.name)).size, vectors.length);
  });

  for (const vector of vectors) {
    it(vector.name, () => {
      assert.deepEqual(planVector(vector), vector.expect);
    });
  }
});
