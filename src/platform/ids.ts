import { v7 as uuidv7 } from 'uuid';

/** A new record id: a UUIDv7, so ids sort by creation time (handy for cursor pagination). */
export function newId(): string {
  return uuidv7();
}
