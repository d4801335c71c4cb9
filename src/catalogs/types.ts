import type { Cadence, CollectionMethod, FrameworkId, SourceType } from '../core/vocabulary.js';

/** A grouping level of a framework (SOC 2 category CC6, CSF function GV or category GV.RM). */
export interface CriterionGroup {
  /** Stable id as published (`CC6`, `GV`, `GV.RM`, `A.5`, `GOVERN 1`). */
  code: string;
  /** Our short title (published name where the licence allows it). */
  title: string;
  /** The enclosing group's code, for nested groupings (CSF category → function). */
  parent?: string;
  /** Optional longer text (only where the licence allows shipping it). */
  description?: string;
}

/** One requirement of a framework: the unit controls are mapped to. */
export interface Criterion {
  /** Stable id as published (`CC6.1`, `GV.RM-01`, `A.5.15`, `NHI7:2025`, `GOVERN 1.6`). */
  code: string;
  /** Code of the innermost group this criterion belongs to. */
  group: string;
  /** Short title: ours for SOC 2 and ISO, published for public-domain and CC BY-SA catalogs. */
  title: string;
  /** Longer text where the licence allows it (NIST public domain, our own paraphrase otherwise). */
  description?: string;
}

/** A framework catalog as shipped with auditready. */
export interface FrameworkCatalog {
  id: FrameworkId;
  name: string;
  /** The framework's own version (`2017 (2022 points of focus)`, `2.0`). */
  version: string;
  publisher: string;
  /** Licence and attribution text shown next to the catalog. */
  attribution: string;
  url: string;
  groups: CriterionGroup[];
  criteria: Criterion[];
}

/** One evidence requirement of a starter control. */
export interface StarterEvidenceRequirement {
  /** Stable code, the control code plus `-E<n>` (`AC-03-E1`). */
  code: string;
  /** The artifact that proves the control operated, in plain words. */
  artifact: string;
  cadence: Cadence;
  sourceType: SourceType;
  collection: CollectionMethod;
}

/** A control of the starter library: our own wording, mapped by ID to every shipped framework. */
export interface StarterControl {
  /** `AC-03`: a domain prefix and a two-digit number. */
  code: string;
  title: string;
  description: string;
  /** Role that usually owns it (`Security lead`, `IT admin`, `People ops`). */
  ownerRole: string;
  /** How often the control itself is reviewed. */
  cadence: Cadence;
  /** The system where its record lives (`Okta`, `GitHub`, `Jira`, `AWS IAM`). */
  sourceOfTruth: string;
  requirements: StarterEvidenceRequirement[];
  /** Criterion codes per framework id; an empty list where the framework has nothing that fits. */
  mappings: Record<FrameworkId, string[]>;
}
