/**
 * The TensorFlow.js layers format on disk: `model.json` (topology + weights manifest) and
 * weight shards of at most 4 MB (the size tensorflowjs_converter writes), read by
 * `tf.loadLayersModel` and by the `tensorflowjs` Python package. tfjs in plain Node has no
 * file:// handler without tfjs-node, so both directions have their own IOHandler here.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import writeFileAtomic from 'write-file-atomic';

export const MODEL_JSON = 'model.json';
/** tensorflowjs_converter's default shard size. */
const SHARD_BYTES = 4 * 1024 * 1024;

/** An IOHandler that writes the model into `dir` (which must exist): every file atomically,
 * the shards first and model.json last, so a reader never sees a manifest without its
 * weights. `written` collects the file names. */
export function fileSaveHandler(dir: string, written: string[]): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      if (artifacts.modelTopology instanceof ArrayBuffer || !artifacts.modelTopology) throw new Error('Only layers models can be saved here.');
      const data = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
      const count = Math.max(1, Math.ceil(data.byteLength / SHARD_BYTES));
      const paths: string[] = [];
      for (let i = 0; i < count; i++) {
        const name = `group1-shard${i + 1}of${count}.bin`;
        const shard = data.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES);
        await writeFileAtomic(join(dir, name), Buffer.from(shard.buffer, shard.byteOffset, shard.byteLength));
        paths.push(name);
      }
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(json));
      written.push(...paths, MODEL_JSON);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** An IOHandler that reads `model.json` and its shards from `dir`; a missing or short shard
 * is refused with its name. */
export function fileLoadHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const path of group.paths) {
            // shards live beside model.json; a path that climbs out of the folder is refused
            if (basename(path) !== path) throw new Error(`${MODEL_JSON} names a weight file outside its folder: ${path}.`);
            const bytes = await readFile(join(dir, path));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        const data = tf.io.CompositeArrayBuffer.join(buffers);
        const expected = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
        if (data.byteLength !== expected) throw new Error(`The weight files in ${dir} hold ${data.byteLength} bytes but ${MODEL_JSON} expects ${expected}: they are truncated or belong to another model.`);
        return [specs, data];
      });
    },
  };
}
