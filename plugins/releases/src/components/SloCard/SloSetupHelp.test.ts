import { parseSloDefinition } from '@releases-for-backstage/plugin-releases-common';
import { SLO_FILE_ANNOTATION, SLO_FILE_EXAMPLE } from './SloSetupHelp';

describe('SLO_FILE_EXAMPLE', () => {
  it('names the annotation and holds an SLO file the backend reads', () => {
    const [catalogInfo, sloFile] = SLO_FILE_EXAMPLE.split('\n---\n');
    expect(catalogInfo).toContain(`${SLO_FILE_ANNOTATION}: slo.yaml`);
    const definition = parseSloDefinition(sloFile, 'slo.yaml');
    expect(definition.objectives.map(o => [o.metric, o.keySli])).toEqual([
      ['latency_p95', true],
    ]);
  });
});
