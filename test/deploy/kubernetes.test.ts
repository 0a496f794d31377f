/**
 * deploy/kubernetes: every manifest is a valid object of its kind (kubernetes-models validates it
 * against the Kubernetes API's JSON schemas, no cluster needed), and the pieces fit together and fit
 * the service: probes on /ready and /health, the port the image listens on, resources and a non-root
 * security context, the autoscaler, the disruption budget and the Service aimed at the Deployment's
 * pods, and an environment the service accepts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/http/config.js';
import { CONTRACT_PATH } from '../../src/http/contract.js';

const DIR = join(CONTRACT_PATH, '..', 'deploy', 'kubernetes');
const MODELS = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
} as const;

const files = readdirSync(DIR).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
const documents = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((document) => ({ file, object: document.toJSON() as { apiVersion: string; kind: string } })),
);

function only<K extends keyof typeof MODELS>(kind: K): InstanceType<(typeof MODELS)[K]> {
  const found = documents.filter(({ object }) => `${object.apiVersion} ${object.kind}` === kind);
  expect(found, kind).toHaveLength(1);
  return new MODELS[kind](found[0]?.object as never) as InstanceType<(typeof MODELS)[K]>;
}

describe('deploy/kubernetes', () => {
  it('holds a Deployment, a Service, a HorizontalPodAutoscaler and a PodDisruptionBudget, each valid for its kind', () => {
    expect(documents.map(({ object }) => `${object.apiVersion} ${object.kind}`).sort()).toEqual(Object.keys(MODELS).sort());
    for (const { file, object } of documents) {
      const Model = MODELS[`${object.apiVersion} ${object.kind}` as keyof typeof MODELS];
      expect(() => new Model(object as never).validate(), file).not.toThrow();
    }
  });

  it('refuses what is not valid (the validation can fail)', () => {
    const deployment = structuredClone(documents.find(({ object }) => object.kind === 'Deployment')?.object) as unknown as { spec: { replicas: unknown } };
    deployment.spec.replicas = 'two';
    expect(() => new Deployment(deployment as never).validate()).toThrow();
  });

  it('lists every manifest in its kustomization', () => {
    const kustomization = parseAllDocuments(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'))[0]?.toJSON() as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
  });

  const deployment = only('apps/v1 Deployment');
  const pod = deployment.spec?.template;
  const container = pod?.spec?.containers[0];

  it('probes readiness on /ready and liveness on /health, on the port the image listens on (3000)', () => {
    expect(pod?.spec?.containers).toHaveLength(1);
    expect(container?.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(container?.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container?.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
  });

  it('requests and limits CPU and memory, and runs the processes and checking threads the CPU limit allows', () => {
    const { requests, limits } = container?.resources ?? {};
    for (const resources of [requests, limits]) expect(Object.keys(resources ?? {}).sort()).toEqual(['cpu', 'memory']);
    const env = Object.fromEntries((container?.env ?? []).map(({ name, value }) => [name, value]));
    const processes = Number(env.PROCESSES);
    const threads = Number(env.WORKER_THREADS);
    // Both set: their defaults follow the node's cores, not the limit.
    expect(processes).toBeGreaterThanOrEqual(1);
    expect(threads).toBeGreaterThanOrEqual(1);
    expect(processes * threads).toBeLessThanOrEqual(Number(limits?.cpu));
    // The service starts with this environment (every variable known, every value valid).
    const config = loadConfig(env);
    expect(config.processes).toBe(processes);
    expect(config.checker.threads).toBe(threads);
    // Room in every process for each checking thread's share (a check's heap and the thread's own), for
    // its main thread's, which keeps prepared functions up to the same size (INLINE_CHECK_MS), and for
    // the rest of the process (Fastify, buffers, code).
    const gib = Number(String(limits?.memory).replace(/Gi$/, ''));
    expect((processes * ((threads + 1) * (Number(env.CHECK_MEMORY_MB) + 64) + 100)) / 1024).toBeLessThan(gib);
  });

  it('runs as a user other than root, without privileges, on a read-only filesystem', () => {
    expect(pod?.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  it('aims the Service, the autoscaler and the disruption budget at the Deployment and its pods', () => {
    const labels = pod?.metadata?.labels ?? {};
    expect(deployment.spec?.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'chainrule' });
    for (const [key, value] of Object.entries(deployment.spec?.selector.matchLabels ?? {})) expect(labels[key]).toBe(value);

    const service = only('v1 Service');
    for (const [key, value] of Object.entries(service.spec?.selector ?? {})) expect(labels[key]).toBe(value);
    expect(service.spec?.ports?.map((port) => port.targetPort)).toEqual(['http']);

    const hpa = only('autoscaling/v2 HorizontalPodAutoscaler');
    expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata?.name });
    expect(hpa.spec?.metrics?.map((metric) => metric.resource?.name)).toEqual(['cpu']);
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);

    const pdb = only('policy/v1 PodDisruptionBudget');
    for (const [key, value] of Object.entries(pdb.spec?.selector?.matchLabels ?? {})) expect(labels[key]).toBe(value);
    // With at least two replicas and one allowed out at a time, a drain never takes the service down.
    expect(pdb.spec?.maxUnavailable).toBe(1);
  });
});
