// The parsed `denyRules` section of a policy (schema $defs denyRules): the
// built-in rules' level and mode, resolved per (rule key, data type) from the
// settings and the overrides, the exceptions and the custom rules. Built once
// per configuration (deny_rules_parse.ts); read by the deny-rule stage.
import { StringMatcher } from "../match/string-matcher";
import { RequestConditions } from "../match/conditions";
import { Source } from "../parse/items";
import { DenyEngine } from "../deny/engine";

// Rule keys (bit per generated RuleKey) and levels of the catalogue.
export const KEY_COUNT: i32 = 19;
export const LEVEL_OFF: i32 = -1; // Unfiltered
export const LEVEL_BASIC: i32 = 0;
export const LEVEL_STANDARD: i32 = 1;
export const LEVEL_STRICT: i32 = 2;

// The data types of the policy API (overrides[].conditions.types).
export const enum DataType { Header = 0, Parameter = 1, Path = 2, PathSegment = 3, Json = 4, GraphQL = 5 }
export const TYPE_COUNT: i32 = 6;
export const ALL_TYPES: u32 = (1 << TYPE_COUNT) - 1;

// The API data type an item of `source` belongs to. Cookies travel in a header,
// so a Header override covers them; multipart fields, file names and part
// headers are form parameters of the body, so Parameter covers them.
export function dataTypeOf(source: Source): i32 {
  switch (source) {
    case Source.Path: return DataType.Path;
    case Source.PathSegment: return DataType.PathSegment;
    case Source.Header:
    case Source.Cookie: return DataType.Header;
    case Source.Json: return DataType.Json;
    case Source.GraphQL: return DataType.GraphQL;
  }
  return DataType.Parameter;
}

// What an exception (blockedData) or a custom rule (blockData) looks at.
export const enum DataKind { None = 0, Parameter = 1, Header = 2, Path = 3, PathSegment = 4, Json = 5, GraphQL = 6 }

export const enum ParamSources { Query = 1, Post = 2, Any = 3 }

// The item description shared by exceptions and custom rules. Matchers left
// null are not checked.
export class DataMatch {
  kind: DataKind = DataKind.None;
  // Parameter and header: name and value; path: `value` is the path matcher;
  // pathSegment: `value`; json: `name` is the key matcher; graphQL: field (name),
  // argument, value.
  name: StringMatcher | null = null;
  value: StringMatcher | null = null;
  argument: StringMatcher | null = null;
  paramSources: ParamSources = ParamSources.Any;
  // pathSegment: the 0-based segment index, -1 = any segment.
  segment: i32 = -1;
  // json exceptions: the split JSONPath (features.ts splitJsonPath), empty = any.
  jsonPath: Array<string> = new Array<string>();
}

export class DenyException {
  // Bit per RuleKey; all keys when the exception lists none.
  keys: u32 = 0xffffffff;
  conditions: RequestConditions | null = null;
  data: DataMatch = new DataMatch();
}

export class CustomRule {
  constructor(
    public readonly key: string,
    // "custom_<key in lower case>": the block subtype and counter label.
    public readonly subtype: string,
    public readonly logOnly: bool,
    public readonly conditions: RequestConditions | null,
    public readonly data: DataMatch,
  ) {}
}

export class DenyOverride {
  keys: u32 = 0xffffffff;
  types: u32 = ALL_TYPES;
  // LEVEL_OFF..LEVEL_STRICT, or -2 when the override keeps the level.
  level: i32 = -2;
  // 0 Block, 1 LogOnly, -1 when the override keeps the mode.
  mode: i32 = -1;
}

let nextSettingsId: u32 = 1;

export class DenyRulesSettings {
  // Unique in the VM: keys the deny stage's cache of clean values (deny/memo.ts).
  readonly id: u32 = nextSettingsId++;
  // The settings before overrides.
  level: i32 = LEVEL_STANDARD;
  logOnly: bool = false;
  overrides: Array<DenyOverride> = new Array<DenyOverride>();
  exceptions: Array<DenyException> = new Array<DenyException>();
  custom: Array<CustomRule> = new Array<CustomRule>();
  // Resolved per (key, type), index key * TYPE_COUNT + type: the level
  // (LEVEL_OFF = the key is off there) and LogOnly.
  levels: StaticArray<i8> = new StaticArray<i8>(KEY_COUNT * TYPE_COUNT);
  logOnlyAt: StaticArray<bool> = new StaticArray<bool>(KEY_COUNT * TYPE_COUNT);
  // The highest level any (key, type) needs and the keys on anywhere: what the
  // automata are built for (each hit is then filtered by its own level).
  maxLevel: i32 = LEVEL_OFF;
  keyMask: u32 = 0;
  // The automata for (maxLevel, keyMask), shared by every policy (and every
  // configuration of the VM) with the same selection; null when builtInOn is false.
  engine: DenyEngine | null = null;

  get builtInOn(): bool { return this.maxLevel >= LEVEL_BASIC; }

  // The table from the settings, then each override in order (later ones win).
  resolve(): void {
    for (let k = 0; k < KEY_COUNT; k++) {
      for (let t = 0; t < TYPE_COUNT; t++) {
        let i = k * TYPE_COUNT + t;
        let level = this.level;
        let logOnly = this.logOnly;
        for (let o = 0; o < this.overrides.length; o++) {
          let ov = this.overrides[o];
          if ((ov.keys & (<u32>1 << k)) == 0 || (ov.types & (<u32>1 << t)) == 0) continue;
          if (ov.level != -2) level = ov.level;
          if (ov.mode >= 0) logOnly = ov.mode == 1;
        }
        this.levels[i] = <i8>level;
        this.logOnlyAt[i] = logOnly;
        if (level > this.maxLevel) this.maxLevel = level;
        if (level >= LEVEL_BASIC) this.keyMask |= <u32>1 << k;
      }
    }
  }

  @inline levelAt(key: i32, type: i32): i32 { return <i32>unchecked(this.levels[key * TYPE_COUNT + type]); }
  @inline logOnlyFor(key: i32, type: i32): bool { return unchecked(this.logOnlyAt[key * TYPE_COUNT + type]); }
}
