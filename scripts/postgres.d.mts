// Types of scripts/postgres.mjs for the TypeScript benchmarks.
export function ensurePostgres(): string;
export function startThrowawayPostgres(): Promise<{ url: string; stop(): void }>;
