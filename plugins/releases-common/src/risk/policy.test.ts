import { InvalidRiskPolicyError } from './errors';
import { DEFAULT_RISK_POLICY, RiskPolicy, validateRiskPolicy } from './policy';

type Mutator = (p: RiskPolicy) => void;

function mutated(mutate: Mutator): RiskPolicy {
  const policy = JSON.parse(JSON.stringify(DEFAULT_RISK_POLICY)) as RiskPolicy;
  mutate(policy);
  return policy;
}

describe('validateRiskPolicy', () => {
  it('accepts the defaults', () => {
    expect(validateRiskPolicy(DEFAULT_RISK_POLICY)).toBe(DEFAULT_RISK_POLICY);
  });

  it('accepts a policy without hard rules and with equal thresholds', () => {
    expect(() =>
      validateRiskPolicy(
        mutated(p => {
          p.hardRules = [];
          p.thresholds = { medium: 5, high: 5 };
        }),
      ),
    ).not.toThrow();
  });

  it.each<[string, Mutator]>([
    ['componentPoints.L', p => (p.componentPoints.L = 0)],
    ['changePoints.XL', p => (p.changePoints.XL = 2)],
    ['changePoints.S', p => (p.changePoints.S = -1)],
    ['componentPoints.M', p => (p.componentPoints.M = 1.5)],
    ['unknownSizeAs', p => (p.unknownSizeAs = 'XXL' as never)],
    ['coverageBands[2].points', p => (p.coverageBands[2].points = 0)],
    ['coverageBands[1].min', p => (p.coverageBands[1].min = 90)],
    ['coverageBands[3].min', p => (p.coverageBands[3].min = 10)],
    ['coverageBands[0].min', p => (p.coverageBands[0].min = 101)],
    ['coverageBands', p => (p.coverageBands = [])],
    ['unknownCoverageAs', p => (p.unknownCoverageAs = 101)],
    ['functionalPoints', p => (p.functionalPoints = -1)],
    ['unknownFunctionalAs', p => (p.unknownFunctionalAs = 'yes' as never)],
    ['featureTogglePoints', p => (p.featureTogglePoints = 1)],
    ['thresholds.medium', p => (p.thresholds.medium = 0)],
    ['thresholds.high', p => (p.thresholds = { medium: 6, high: 5 })],
    ['hardRules[0].level', p => (p.hardRules[0].level = 'low' as never)],
    ['hardRules[1].id', p => (p.hardRules[1].id = p.hardRules[0].id)],
    ['hardRules[0].minChange', p => (p.hardRules[0].minChange = 'H' as never)],
    [
      'hardRules[0].functional',
      p => (p.hardRules[0].functional = false as never),
    ],
    ['hardRules[1].coverageBelow', p => (p.hardRules[1].coverageBelow = 0)],
  ])('refuses a bad %s', (key, mutate) => {
    let error: unknown;
    try {
      validateRiskPolicy(mutated(mutate));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRiskPolicyError);
    expect((error as InvalidRiskPolicyError).key).toBe(key);
    expect((error as Error).message).toContain(`'${key}'`);
  });

  it('refuses a non-object', () => {
    expect(() => validateRiskPolicy(null)).toThrow(InvalidRiskPolicyError);
  });
});
