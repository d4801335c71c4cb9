import { createHash } from 'node:crypto';

/**
 * RFC 6962 (§2.1) Merkle tree hashing: the tree a chain's signed checkpoints
 * commit to, so that an inclusion or consistency proof made later checks
 * with any RFC 6962 tool. Leaf data is the 32-byte hash of one activity
 * entry, in chain order; the tree size is the number of entries.
 */

/** MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_TREE_ROOT: Buffer = createHash('sha256').digest();

/** `SHA-256(0x00 || data)`: the hash of one leaf. */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

/** `SHA-256(0x01 || left || right)`: the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** MTH(D[n]) of a list of leaves, by the RFC's recursive definition (the obvious, slow reference). */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  const hashOf = (from: number, to: number): Buffer => {
    const n = to - from;
    if (n === 1) return leafHash(leaves[from]!);
    const k = largestPowerOfTwoBelow(n);
    return nodeHash(hashOf(from, from + k), hashOf(from + k, to));
  };
  return leaves.length === 0 ? EMPTY_TREE_ROOT : hashOf(0, leaves.length);
}

/**
 * The root of a growing tree with O(log n) memory: one perfect subtree hash
 * per set bit of the size (the "compact range" of the left edge). Appending
 * merges equal-sized subtrees; the root folds them from the right, which is
 * exactly RFC 6962's split at the largest power of two below n.
 */
export class MerkleAccumulator {
  private readonly stack: Buffer[] = [];
  private count = 0;

  /** Leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Appends one leaf (its data, hashed here with the 0x00 prefix). */
  append(data: Uint8Array): void {
    let hash = leafHash(data);
    let n = this.count;
    while (n & 1) {
      hash = nodeHash(this.stack.pop()!, hash);
      n >>= 1;
    }
    this.stack.push(hash);
    this.count += 1;
  }

  /** MTH of the leaves appended so far. */
  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_TREE_ROOT;
    let hash = this.stack[this.stack.length - 1]!;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = nodeHash(this.stack[i]!, hash);
    return hash;
  }
}

/**
 * PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index` in the tree of `leaves`, the sibling
 * hashes from the leaf up. `leaves` are leaf data (hashed here with the 0x00 prefix), as for {@link merkleRoot}.
 */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Buffer[] {
  return auditPathRanges(index, leaves.length).map(([from, to]) => merkleRoot(leaves.slice(from, to)));
}

/**
 * The leaf ranges `[from, to)` whose Merkle tree hashes make up the audit path of leaf `index` in a tree of
 * `size` (RFC 6962 §2.1.1), from the leaf up. They are disjoint and cover every leaf but `index`, so one pass
 * over the leaves in order, each fed to its range's {@link MerkleAccumulator}, computes the whole path.
 */
export function auditPathRanges(index: number, size: number): [number, number][] {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  }
  const ranges: [number, number][] = [];
  let from = 0;
  let to = size;
  while (to - from > 1) {
    const k = largestPowerOfTwoBelow(to - from);
    if (index < from + k) {
      ranges.push([from + k, to]);
      to = from + k;
    } else {
      ranges.push([from, from + k]);
      from += k;
    }
  }
  return ranges.reverse();
}

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2): leaf data at `index` of a tree of `size`, folded
 * with its audit path. Equal to the tree's root exactly when the leaf is in the tree at that place.
 */
export function rootFromInclusionProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
): Buffer {
  if (index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  let fn = index;
  let sn = size - 1;
  let hash = leafHash(leaf);
  for (const sibling of path) {
    if (sn === 0) throw new RangeError('the audit path is longer than the tree is deep');
    if (fn & 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      while (!(fn & 1) && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      hash = nodeHash(hash, sibling);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn !== 0) throw new RangeError('the audit path is shorter than the tree is deep');
  return hash;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
