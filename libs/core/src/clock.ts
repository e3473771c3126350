import { Injectable } from '@nestjs/common';

/** The one source of "now" for business time, so tests can move it (expiry, windows, periods). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock a test sets and advances. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}
