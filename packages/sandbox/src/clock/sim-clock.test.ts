import { describe, expect, it } from "vitest";
import { createSimClock } from "./sim-clock.js";

const DAY = 86_400_000;

describe("createSimClock", () => {
  it("stands still without speed and moves only when advanced, telling listeners", () => {
    const clock = createSimClock({ startMs: Date.UTC(2026, 0, 5) });
    const told: number[] = [];
    const off = clock.onAdvance((t) => told.push(t));
    expect(clock.now()).toBe(Date.UTC(2026, 0, 5));
    clock.advance(2 * DAY);
    clock.advanceTo(Date.UTC(2026, 0, 10));
    clock.advanceTo(Date.UTC(2026, 0, 1)); // earlier: no move, but listeners still hear the current time
    off();
    clock.advance(1);
    expect(told).toEqual([Date.UTC(2026, 0, 7), Date.UTC(2026, 0, 10), Date.UTC(2026, 0, 10)]);
    expect(clock.now()).toBe(Date.UTC(2026, 0, 10) + 1);
  });

  it("flows with the real clock times the speed and never goes backwards", () => {
    let real = 1000;
    const clock = createSimClock({ startMs: 0, speed: 60, realNow: () => real });
    real += 1000;
    expect(clock.now()).toBe(60_000);
    clock.tick();
    real -= 500; // the real clock stepped back
    expect(clock.now()).toBe(60_000);
  });

  it("rejects negative advances and speeds", () => {
    expect(() => createSimClock({ startMs: 0, speed: -1 })).toThrow(RangeError);
    expect(() => createSimClock({ startMs: 0 }).advance(-5)).toThrow(RangeError);
  });
});
