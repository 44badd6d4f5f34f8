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
  default?: unknown;
  items?: JsonObject;
}
interface JsonObject {
  type?: string;
  enum?: unknown[];
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

/** One field of a page's form as api/pages/client.js draws it: `kind` is its GOV.UK widget. */
export interface PageField {
  name: string;
  label: string;
  hint?: string;
  kind: 'text' | 'number' | 'select' | 'textarea' | 'day-month-year' | 'date';
  required: boolean;
  choices?: (string | [value: string, words: string])[];
  /** The schema's default, filled in. */
  value?: string;
}

type ChoiceOf<T> = T extends readonly (infer U)[] ? ChoiceOf<U> : T extends string ? T : never;

/** How a page asks for one field of a body: the words are the page's, the rules the schema's. */
export interface FieldWords<Choice extends string = string> {
  label: string;
  hint?: string;
  /** `lines`: a list the page takes as lines of text and turns into the list's items itself; `date-picker`: a date in the browser's own picker rather than day, month and year boxes. */
  widget?: 'lines' | 'date-picker';
  /** Each choice's words, in the order offered; without them the schema's values are offered as they are. */
  choices?: Record<Choice, string>;
}

type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
/** A page form's words, beside its body schema: every field the body requires must have words, so a form cannot leave one out. */
export type FormWords<S extends z.ZodObject> = { [K in RequiredKeys<z.input<S>>]: FieldWords<ChoiceOf<z.input<S>[K]>> } & {
  [K in Exclude<keyof z.input<S>, RequiredKeys<z.input<S>>>]?: FieldWords<ChoiceOf<z.input<S>[K]>>;
};

/**
 * A page's form for one body, in the schema's order: which fields it asks for and their words come
 * from `words`; whether each is required, its kind (a date, a number, a choice of the schema's
 * values), its choices and its default come from the schema. A list of choices (a token's roles)
 * is asked as one choice, which the page sends as a list of one.
 */
export function pageFields<S extends z.ZodObject>(schema: S, words: FormWords<S>): PageField[] {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  const worded = words as Record<string, FieldWords | undefined>;
  return Object.entries(js.properties ?? {}).flatMap(([name, p]): PageField[] => {
    const w = worded[name];
    if (!w) return [];
    const values = (p.enum ?? p.items?.enum)?.map(String);
    if (w.choices && values && [...Object.keys(w.choices)].sort().join() !== [...values].sort().join()) throw new Error(`the words of ${name} name other choices than its schema (${values.join(', ')})`);
    const kind: PageField['kind'] = w.widget === 'lines' ? 'textarea' : w.widget === 'date-picker' ? 'date' : values ? 'select' : p.type === 'integer' || p.type === 'number' ? 'number' : p.pattern === ISO_DATE_2000S_PATTERN ? 'day-month-year' : 'text';
    return [{
      name,
      label: w.label,
      ...(w.hint ? { hint: w.hint } : {}),
      kind,
      required: (js.required ?? []).includes(name),
      ...(values ? { choices: w.choices ? Object.entries(w.choices) : values } : {}),
      ...(p.default !== undefined ? { value: String(p.default) } : {}),
    }];
  });
}
