import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_TRACKED_CLIENTS = 50_000;

/**
 * A token bucket per client: `uploadRatePerMinute` uploads at once, refilled evenly over a
 * minute. NOTE: the buckets live in this process's memory, so with N nodes behind a load
 * balancer a client may upload up to N times the configured rate.
 */
@Injectable()
export class UploadRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.capacity = config.uploadRatePerMinute;
    this.refillPerMs = config.uploadRatePerMinute / 60_000;
  }

  /** Takes one upload from the client's bucket; returns 0, or the seconds to wait when empty. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_TRACKED_CLIENTS) {
      // Map order is least recently used first.
      this.buckets.delete(this.buckets.keys().next().value as string);
    }
    if (bucket.tokens < 1) {
      return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
    }
    bucket.tokens -= 1;
    return 0;
  }
}
