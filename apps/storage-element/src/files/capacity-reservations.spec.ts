import { describe, expect, it } from 'vitest';
import { CapacityReservations } from './capacity-reservations';

describe(CapacityReservations.name, () => {
  it('starts with nothing reserved', () => {
    expect(new CapacityReservations().reserved).toBe(0);
  });

  it('adds up concurrent reservations and releases each', () => {
    const reservations = new CapacityReservations();
    const first = reservations.reserve(100);
    const second = reservations.reserve(50);
    expect(reservations.reserved).toBe(150);
    first();
    expect(reservations.reserved).toBe(50);
    second();
    expect(reservations.reserved).toBe(0);
  });

  it('releases only once, however often the release is called', () => {
    const reservations = new CapacityReservations();
    const kept = reservations.reserve(10);
    const release = reservations.reserve(40);
    release();
    release();
    expect(reservations.reserved).toBe(10);
    kept();
    expect(reservations.reserved).toBe(0);
  });

  it('accepts a zero reservation (a chunked body)', () => {
    const reservations = new CapacityReservations();
    const release = reservations.reserve(0);
    expect(reservations.reserved).toBe(0);
    release();
    expect(reservations.reserved).toBe(0);
  });
});
