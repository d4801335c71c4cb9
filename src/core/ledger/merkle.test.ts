import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_TREE_ROOT,
  inclusionProof,
  leafHash,
  MerkleAccumulator,
  merkleRoot,
  rootFromInclusionProof,
} from './merkle.js';

// The Certificate Transparency test vectors for RFC 6962's Merkle Tree Hash (certificate-transparency-go).
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 6962 Merkle tree hash', () => {
  it('hashes the empty tree to SHA-256 of nothing, and a leaf with the 0x00 prefix', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(leafHash(Buffer.of(0)).toString('hex')).toBe(
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    );
  });

  it('gives the published roots for trees of 1 to 8 leaves (reference and accumulator)', () => {
    const acc = new MerkleAccumulator();
    for (let n = 1; n <= LEAVES.length; n++) {
      expect(merkleRoot(LEAVES.slice(0, n)).toString('hex')).toBe(ROOTS[n - 1]);
      acc.append(LEAVES[n - 1]!);
      expect(acc.size).toBe(n);
      expect(acc.root().toString('hex')).toBe(ROOTS[n - 1]);
    }
  });

  it('changes the root when any leaf is changed, removed or the leaves reordered (tamper)', () => {
    const root = merkleRoot(LEAVES).toString('hex');
    const edited = LEAVES.map((l, i) => (i === 3 ? Buffer.from('2022', 'hex') : l));
    expect(merkleRoot(edited).toString('hex')).not.toBe(root);
    expect(merkleRoot(LEAVES.slice(0, 7)).toString('hex')).not.toBe(root);
    const swapped = [...LEAVES];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(merkleRoot(swapped).toString('hex')).not.toBe(root);
  });

  it('keeps the accumulator equal to the recursive definition at every size (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 70 }), (leaves) => {
        const acc = new MerkleAccumulator();
        expect(acc.root().equals(merkleRoot([]))).toBe(true);
        for (let i = 0; i < leaves.length; i++) {
          acc.append(leaves[i]!);
          expect(acc.root().equals(merkleRoot(leaves.slice(0, i + 1)))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('RFC 6962 inclusion proofs', () => {
  it('reproduces the Certificate Transparency audit path of leaf 0 in the tree of 8 vectors', () => {
    // certificate-transparency-go merkle tests: inclusion proof of leaf 0 in a tree of 8.
    expect(inclusionProof(LEAVES, 0).map((h) => h.toString('hex'))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('leads every leaf of every tree to its root, and no other leaf', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        (leaves, pick) => {
          const index = pick % leaves.length;
          const root = merkleRoot(leaves);
          const path = inclusionProof(leaves, index);
          expect(rootFromInclusionProof(leaves[index]!, index, leaves.length, path)).toEqual(root);
          const other = Buffer.concat([leaves[index]!, Buffer.of(1)]);
          expect(rootFromInclusionProof(other, index, leaves.length, path)).not.toEqual(root);
        },
      ),
    );
  });

  it('refuses a leaf outside the tree', () => {
    expect(() => inclusionProof(LEAVES, 8)).toThrow(RangeError);
    expect(() => rootFromInclusionProof(LEAVES[0]!, 3, 3, [])).toThrow(RangeError);
  });
});
