/**
 * The operands of interpolation and latent arithmetic, turned into codes: a sample of the
 * grid, a dataset image (encoded by the engine, all in one request) or a label's mean code
 * (over the validation images, from the latent statistics).
 */
import type { CodedImages, LatentStats, WorkbenchApi } from '../../../src-main/protocol';
import { codeAt } from './latent-dims';

/** Where an operand's code comes from. */
export type EndpointKind = 'sample' | 'image' | 'label';

/** One operand: sample number (1-based), dataset index, or label. */
export interface Endpoint {
  kind: EndpointKind;
  value: number;
}

/** The engine methods resolving needs. */
export type EndpointApi = Pick<WorkbenchApi, 'encodeImages'>;

/** A problem with an operand the user can fix; its message is one sentence. */
export class EndpointError extends Error {
  override readonly name = 'EndpointError';
}

/** What an operand is, in words: "sample 3", "image 120 (label 7)", "mean of label 7 (204 images)". */
export function describeEndpoint(endpoint: Endpoint, stats: LatentStats | null): string {
  if (endpoint.kind === 'sample') return `sample ${endpoint.value}`;
  if (endpoint.kind === 'image') return `image ${endpoint.value}`;
  const group = stats?.groups.find((g) => g.label === endpoint.value);
  // digits are named by their own label: "label 7 “7”" would say it twice
  const name = group?.name && group.name !== String(endpoint.value) ? ` “${group.name}”` : '';
  return `mean of label ${endpoint.value}${name}${group ? ` (${group.count} images)` : ''}`;
}

/** The codes of `endpoints`, in order. */
export async function resolveEndpoints(
  api: EndpointApi,
  runId: string,
  samples: CodedImages | null,
  stats: LatentStats | null,
  endpoints: readonly Endpoint[],
): Promise<Float32Array[]> {
  const images = endpoints.filter((e) => e.kind === 'image').map((e) => e.value);
  for (const index of images) {
    if (!Number.isInteger(index) || index < 0) throw new EndpointError(`A dataset image is given by its index, a whole number from 0; ${index} is not one.`);
  }
  const encoded = images.length ? await api.encodeImages({ runId, indices: Int32Array.from(images) }) : null;
  let nextImage = 0;
  return endpoints.map((endpoint) => {
    switch (endpoint.kind) {
      case 'sample': {
        if (!samples || !Number.isInteger(endpoint.value) || endpoint.value < 1 || endpoint.value > samples.count) {
          throw new EndpointError(`Pick a sample from 1 to ${samples?.count ?? 0}; there is no sample ${endpoint.value}.`);
        }
        return codeAt(samples.codes, endpoint.value - 1, samples.dim);
      }
      case 'image':
        return codeAt(encoded!.codes, nextImage++, encoded!.dim);
      case 'label': {
        const group = stats?.groups.find((g) => g.label === endpoint.value);
        if (!group) {
          const labels = stats?.groups.map((g) => g.label) ?? [];
          throw new EndpointError(
            labels.length ? `Label ${endpoint.value} has no validation images; pick one of ${labels.join(', ')}.` : 'This run has no label groups (an unlabelled dataset or no encoder).',
          );
        }
        return Float32Array.from(group.mean);
      }
    }
  });
}
