// What a deny-rule security event adds to the common fields (docs/deny-rules.md).
export class DenyDetails {
  constructor(
    // "BW-SQL-0003", or "custom:<RULE_KEY>".
    public ruleId: string,
    // "SQL", or the custom rule's key.
    public ruleKey: string,
    // "Basic" | "Standard" | "Strict" | "Custom".
    public level: string,
    // "Header" | "Parameter" | "Path" | "PathSegment" | "JSON" | "GraphQL" | "Cookie".
    public locationType: string,
    // At most 48 characters of the matched value, secrets already masked.
    public fragment: string,
  ) {}
}
