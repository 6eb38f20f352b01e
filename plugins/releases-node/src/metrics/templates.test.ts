import {
  MetricsTemplateError,
  assertMetricsTemplate,
  resolveMetricsTemplate,
} from './templates';
import type { MetricsQueryContext } from './metrics-source';

const context: MetricsQueryContext = {
  entityRef: 'component:shop/cart',
  entityName: 'cart',
  system: 'shop',
  environment: 'prod',
  version: '1.4.0',
  namespace: 'shop',
  window: '5m',
};

describe('resolveMetricsTemplate', () => {
  it('fills every ${...} placeholder', () => {
    expect(
      resolveMetricsTemplate(
        'sum(rate(x{service="${entity}",ref="${entityRef}",system="${system}",env="${environment}",version="${version}",ns="${namespace}"}[${window}]))',
        context,
      ),
    ).toBe(
      'sum(rate(x{service="cart",ref="component:shop/cart",system="shop",env="prod",version="1.4.0",ns="shop"}[5m]))',
    );
  });

  it("fills Keptn's placeholders so sli.yaml files work unchanged", () => {
    expect(
      resolveMetricsTemplate(
        'sum(rate(x{job="$SERVICE-$PROJECT-$STAGE",v="$DEPLOYMENT"}[$DURATION_SECONDS]))',
        { ...context, window: '1h' },
      ),
    ).toBe('sum(rate(x{job="cart-shop-prod",v="1.4.0"}[3600s]))');
  });

  it('escapes quotes and backslashes so a value cannot leave the label matcher', () => {
    const resolved = resolveMetricsTemplate('x{service="${entity}"}', {
      ...context,
      entityName: 'a"} or vector(1) or x{b="\\',
    });
    expect(resolved).toBe('x{service="a\\"} or vector(1) or x{b=\\"\\\\"}');
    // The literal stays one string: every " inside it is preceded by a backslash.
    const literal = resolved.slice('x{service="'.length, -2);
    expect(literal.replace(/\\\\|\\"/g, '')).not.toContain('"');
  });

  it('escapes newlines', () => {
    expect(
      resolveMetricsTemplate('x{v="${version}"}', {
        ...context,
        version: 'a\nb',
      }),
    ).toBe('x{v="a\\nb"}');
  });

  it('names an unknown placeholder', () => {
    expect(() => resolveMetricsTemplate('x{team="${team}"}', context)).toThrow(
      new MetricsTemplateError(
        "Unknown placeholder '${team}'; placeholders are ${entity}, ${entityRef}, ${system}, ${environment}, ${version}, ${namespace}, ${window}, $SERVICE, $STAGE, $PROJECT, $DEPLOYMENT, $DURATION_SECONDS",
      ),
    );
    expect(() => resolveMetricsTemplate('x{a="$SERVCE"}', context)).toThrow(
      "Unknown placeholder '$SERVCE'",
    );
    expect(() => resolveMetricsTemplate('rate(x[${window', context)).toThrow(
      "Unclosed placeholder '${window'",
    );
  });

  it('names a placeholder the context has no value for', () => {
    expect(() =>
      resolveMetricsTemplate('x{system="${system}"}', {
        entityRef: 'component:default/cart',
        entityName: 'cart',
        environment: 'prod',
      }),
    ).toThrow(
      "Placeholder '${system}' has no value: the query context has no system",
    );
  });

  it('rejects a window that is not a duration', () => {
    expect(() =>
      resolveMetricsTemplate('rate(x[${window}])', {
        ...context,
        window: '5m] or vector(1',
      }),
    ).toThrow("window '5m] or vector(1' is not a duration like 5m, 1h or 30d");
  });
});

describe('assertMetricsTemplate', () => {
  it('accepts known placeholders and names the unknown one', () => {
    expect(() =>
      assertMetricsTemplate('x{a="${entity}",b="$STAGE"}[${window}]'),
    ).not.toThrow();
    expect(() =>
      assertMetricsTemplate('x{a="${entity}",b="${stage}"}'),
    ).toThrow("Unknown placeholder '${stage}'");
  });
});
