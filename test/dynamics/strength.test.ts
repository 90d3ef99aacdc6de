/** Strength: recall reinforces each returned memory by the attention weight it received; time decays it. */
import { describe, expect, it } from "vitest";
import { effectiveStrength, recallPatch } from "../../src/core/dynamics/strength.js";
import { updateStrength } from "../../src/mechanisms/decay.js";
import { openTestEngine } from "../helpers.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const DAY = 86_400_000;
const HALF_LIFE = 90 * DAY;

describe("strength", () => {
  it("a recall reinforces each returned memory by its weight: the top result gains more than a low-weight one", async () => {
    let now = T0;
    // A soft attention (τ = 1 in the hand-set score) so that every result gets a weight worth writing.
    const { engine, store } = openTestEngine({
      now: () => now,
      options: { temperature: 1, lexicalWeight: 1, deriveFacts: false, scorer: "hand-set", hops: 1 },
    });
    const { items } = await engine.remember([
      { text: "Ana plays the violin in an orchestra", user: "ana" },
      { text: "Ana likes violin music", user: "ana" },
      { text: "The orchestra rehearses on Fridays", user: "ana" },
    ]);
    now = T0 + 10 * DAY;
    const { results } = await engine.recall({ query: "violin orchestra Ana plays", user: "ana" });
    expect(results.length).toBe(3);
    const [top, , last] = results;
    expect(top!.weight).toBeGreaterThan(last!.weight);
    expect(last!.weight).toBeGreaterThan(0.05);

    const after = await store.get(
      "default",
      results.map((r) => r.id),
    );
    for (const [i, record] of after.entries()) {
      const weight = results[i]!.weight;
      // The stored strength is the gate's update: decayed over the 10 days, then moved r = 0.2 × weight towards 1.
      expect(record.strength).toBeCloseTo(updateStrength(0.5, 10 * DAY, HALF_LIFE, 0.2 * weight), 12);
      expect(record.lastSeenAt).toBe(T0 + 10 * DAY);
    }
    const gain = (i: number) =>
      (after[i]!.strength as number) -
      effectiveStrength({ strength: 0.5, lastSeenAt: T0 }, now, { strengthHalfLifeDays: 90 });
    expect(gain(0)).toBeGreaterThan(gain(2));
    expect(gain(2)).toBeGreaterThan(0);
    expect(items.map((i) => i.action)).toEqual(["inserted", "inserted", "inserted"]);
  });

  it("decays with time: half after one half-life, a quarter after two; a recall's strength channel follows", async () => {
    let now = T0;
    const { engine } = openTestEngine({ now: () => now, options: { recallGain: 0 } });
    await engine.remember({ text: "Ana's passport number ends in 42", user: "ana" });
    const record = { strength: 0.5, lastSeenAt: T0 };
    expect(effectiveStrength(record, T0, { strengthHalfLifeDays: 90 })).toBe(0.5);
    expect(effectiveStrength(record, T0 + 90 * DAY, { strengthHalfLifeDays: 90 })).toBeCloseTo(0.25, 12);
    expect(effectiveStrength(record, T0 + 180 * DAY, { strengthHalfLifeDays: 90 })).toBeCloseTo(0.125, 12);

    const strengthAt = async (t: number) => {
      now = t;
      const { results } = await engine.recall({ query: "passport number", user: "ana" });
      return results[0]!.breakdown.strength;
    };
    // the strength term is its (learned) weight × strengthWeight 0.5 × the decayed strength
    const weight = (await engine.weights()).features.find((f) => f.name === "strength")?.weight ?? Number.NaN;
    expect(await strengthAt(T0)).toBeCloseTo(weight * 0.5 * 0.5, 3);
    expect(await strengthAt(T0 + 90 * DAY)).toBeCloseTo(weight * 0.5 * 0.25, 3);
    expect(await strengthAt(T0 + 180 * DAY)).toBeCloseTo(weight * 0.5 * 0.125, 3);
  });

  it("writes nothing when recallGain is 0 or the weight is negligible", async () => {
    const { engine, store } = openTestEngine({ now: () => T0 + DAY, options: { recallGain: 0 } });
    await engine.remember({ text: "a quiet memory", user: "u", at: T0 });
    await engine.recall({ query: "quiet memory", user: "u" });
    const [record] = await store.list({ tenant: "default" });
    expect(record).toMatchObject({ strength: 0.5, lastSeenAt: T0 });
    expect(
      recallPatch({ id: "x", strength: 0.5, lastSeenAt: T0 }, 0.004, T0, {
        strengthHalfLifeDays: 90,
        recallGain: 0.2,
      }),
    ).toBeNull();
  });

  it("never moves lastSeenAt backwards when recalling as of an earlier time", () => {
    const patch = recallPatch({ id: "x", strength: 0.5, lastSeenAt: T0 }, 1, T0 - 30 * DAY, {
      strengthHalfLifeDays: 90,
      recallGain: 0.2,
    });
    expect(patch).toEqual({ id: "x", strength: updateStrength(0.5, 0, HALF_LIFE, 0.2), lastSeenAt: T0 });
    expect(patch?.strength).toBeCloseTo(0.6, 12);
  });
});
