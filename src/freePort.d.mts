// Types of src/freePort.mjs.

/** A port nothing listens on now, on the loopback interface. */
export function freePort(): Promise<number>;
