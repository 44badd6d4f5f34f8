/**
 * The fields of a form, derived from the zod schema the API parses the body with, so a form cannot
 * ask for less (or other) than the endpoint accepts. A body with one schema per variant (the
 * outcome of a rapid review) gives each variant's own fields as optional, with the rule saying when
 * they are required.
 */
import { z } from 'zod';
import { ISO_DATE_2000S_PATTERN } from './text-patterns';

export interface FormField {
  name: string;
  kind: 'date' | 'text' | 'choice' | 'list';
  required: boolean;
  label: string;
  choices?: string[];
  rule?: string;
  /** For a list of records (the agencies asked, the actions agreed): the fields of one item. */
  item?: FormField[];
}

interface JsonProperty {
  type?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  description?: string;
  /** A field's label for people, where the schema gives one (`.meta({ title })`). */
  title?: string;
  items?: JsonObject;
}
interface JsonObject {
  type?: string;
  properties?: Record<string, JsonProperty>;
  required?: string[];
  oneOf?: JsonObject[];
  anyOf?: JsonObject[];
}

const label = (name: string) => name.length <= 2 ? name.toUpperCase() : name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);

function fieldOf(name: string, p: JsonProperty, required: boolean): FormField {
  const choices = p.enum?.map(String) ?? (p.const !== undefined ? [String(p.const)] : p.type === 'boolean' ? ['true', 'false'] : undefined);
  const kind: FormField['kind'] = choices ? 'choice' : p.type === 'array' ? 'list' : p.pattern === ISO_DATE_2000S_PATTERN ? 'date' : 'text';
  const item = kind === 'list' && p.items?.properties ? Object.entries(p.items.properties).map(([n, q]) => fieldOf(n, q, (p.items!.required ?? []).includes(n))) : undefined;
  return { name, kind, required, label: p.title ?? label(name), ...(choices ? { choices } : {}), ...(p.description ? { rule: p.description } : {}), ...(item ? { item } : {}) };
}

/** The fields of one body schema, `omit` left out (the discriminator the caller already knows). */
export function formFields(schema: z.ZodType, omit: readonly string[] = []): FormField[] {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  const variants = js.oneOf ?? js.anyOf ?? [js];
  const fields = new Map<string, FormField>();
  for (const variant of variants) {
    const discriminator = Object.entries(variant.properties ?? {}).find(([name, p]) => p.const !== undefined && !omit.includes(name));
    for (const [name, p] of Object.entries(variant.properties ?? {})) {
      if (omit.includes(name)) continue;
      const required = (variant.required ?? []).includes(name);
      const field = fieldOf(name, p, required);
      const seen = fields.get(name);
      if (!seen) {
        fields.set(name, field);
        continue;
      }
      seen.choices = field.choices && seen.choices ? [...new Set([...seen.choices, ...field.choices])] : seen.choices;
      if (variants.length > 1 && !seen.rule) seen.rule = field.rule;
    }
    if (variants.length > 1 && discriminator) {
      const [on, value] = [discriminator[0], String(discriminator[1].const)];
      for (const name of variant.required ?? []) {
        const f = fields.get(name)!;
        if (name !== on && variants.some((v) => !(v.required ?? []).includes(name))) f.rule = [f.rule, `required when the ${on} is ${value}`].filter(Boolean).join('; ');
      }
    }
  }
  const all = [...fields.values()];
  // A field every variant requires is required; one only some require says so in its rule.
  for (const f of all) if (variants.length > 1 && variants.some((v) => !(v.required ?? []).includes(f.name))) f.required = false;
  return all;
}
