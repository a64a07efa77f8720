import { mean_pooling, Tensor } from "@xenova/transformers";
import { describe, expect, it } from "vitest";
import { meanPoolNormalized } from "../../src/embed/pool.ts";

describe("meanPoolNormalized", () => {
  it("matches transformers.js mean pooling + L2 normalisation, ignoring padded positions", () => {
    const [batch, sequence, width] = [3, 5, 4];
    const hidden = Float32Array.from({ length: batch * sequence * width }, (_, i) => Math.sin(i * 1.7) * 3);
    // Row 0 full, row 1 with two padded positions, row 2 with one real token.
    const mask = BigInt64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0].map(BigInt));
    const expected = mean_pooling(new Tensor("float32", hidden, [batch, sequence, width]), new Tensor("int64", mask, [batch, sequence])).normalize(2, -1);
    const vectors = meanPoolNormalized(hidden, [batch, sequence, width], mask);
    expect(vectors).toHaveLength(batch);
    const flat = vectors.flatMap((v) => Array.from(v));
    expect(flat).toEqual(Array.from(expected.data as Float32Array).map((x) => expect.closeTo(x, 6)));
    // Changing a padded position must not change the result.
    hidden[(1 * sequence + 4) * width] = 1000;
    expect(Array.from(meanPoolNormalized(hidden, [batch, sequence, width], mask)[1]!)).toEqual(Array.from(vectors[1]!));
  });
});
