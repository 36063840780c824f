/**
 * Data validation: SpreadsheetApp.newDataValidation() builders, the DataValidation rules they build and the
 * DataValidationCriteria enum. A rule is kept on a cell as plain data (ValidationRule) so that it persists with the
 * spreadsheet's state and travels with its cell when rows are sorted, inserted or deleted.
 * Source: https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder
 */
import { ScriptException, signatureMismatch } from './errors';
import { ServiceObject } from './membrane';

/** SpreadsheetApp.DataValidationCriteria: every name Google lists; the builder below makes CHECKBOX and VALUE_IN_LIST. */
export const DATA_VALIDATION_CRITERIA = Object.freeze(
  Object.fromEntries(
    [
      'DATE_AFTER',
      'DATE_BEFORE',
      'DATE_BETWEEN',
      'DATE_EQUAL_TO',
      'DATE_IS_VALID_DATE',
      'DATE_NOT_BETWEEN',
      'DATE_ON_OR_AFTER',
      'DATE_ON_OR_BEFORE',
      'NUMBER_BETWEEN',
      'NUMBER_EQUAL_TO',
      'NUMBER_GREATER_THAN',
      'NUMBER_GREATER_THAN_OR_EQUAL_TO',
      'NUMBER_LESS_THAN',
      'NUMBER_LESS_THAN_OR_EQUAL_TO',
      'NUMBER_NOT_BETWEEN',
      'NUMBER_NOT_EQUAL_TO',
      'TEXT_CONTAINS',
      'TEXT_DOES_NOT_CONTAIN',
      'TEXT_EQUAL_TO',
      'TEXT_IS_VALID_EMAIL',
      'TEXT_IS_VALID_URL',
      'VALUE_IN_LIST',
      'VALUE_IN_RANGE',
      'CUSTOM_FORMULA',
      'CHECKBOX',
    ].map((name) => [name, name]),
  ),
);

type CriteriaValue = string | number | boolean | CriteriaValue[];

/** A rule as a cell holds it (JSON-ready). */
export interface ValidationRule {
  criteria: string;
  values: CriteriaValue[];
  allowInvalid: boolean;
  helpText: string;
}

const copyRule = (rule: ValidationRule): ValidationRule => structuredClone(rule);

function criteriaValue(api: string, value: unknown): CriteriaValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw signatureMismatch(api, [value]);
}

/** The rule a checkbox gets: requireCheckbox(), requireCheckbox(checked) or requireCheckbox(checked, unchecked). */
export function checkboxRule(args: unknown[]): ValidationRule {
  const given = args
    .filter((arg) => arg !== undefined)
    .map((arg) => criteriaValue('SpreadsheetApp.DataValidationBuilder.requireCheckbox', arg));
  return { criteria: 'CHECKBOX', values: given, allowInvalid: true, helpText: '' };
}

/** The values a checkbox cell holds when checked and unchecked. */
export function checkboxStates(rule: ValidationRule): { checked: CriteriaValue; unchecked: CriteriaValue } {
  if (rule.values.length === 0) return { checked: true, unchecked: false };
  return { checked: rule.values[0], unchecked: rule.values[1] ?? '' };
}

export class DataValidationFake extends ServiceObject {
  protected readonly typeName = 'DataValidation';

  constructor(private readonly rule: ValidationRule) {
    super();
  }

  /** For Range.setDataValidation: the rule as a cell keeps it (a copy, so later builder changes cannot reach it). */
  get ruleForCell(): ValidationRule {
    return copyRule(this.rule);
  }

  getCriteriaType(): string {
    return this.rule.criteria;
  }

  /** CHECKBOX: [], [checked] or [checked, unchecked]; VALUE_IN_LIST: [values, showDropdown]. */
  getCriteriaValues(): CriteriaValue[] {
    return structuredClone(this.rule.values);
  }

  getAllowInvalid(): boolean {
    return this.rule.allowInvalid;
  }

  getHelpText(): string | null {
    return this.rule.helpText === '' ? null : this.rule.helpText;
  }

  copy(): DataValidationBuilderFake {
    return new DataValidationBuilderFake(copyRule(this.rule));
  }
}

export class DataValidationBuilderFake extends ServiceObject {
  protected readonly typeName = 'DataValidationBuilder';
  private criteria?: Pick<ValidationRule, 'criteria' | 'values'>;
  private allowInvalid = true;
  private helpText = '';

  /** From newDataValidation() (no criteria yet) or from DataValidation.copy(). */
  constructor(rule?: ValidationRule) {
    super();
    if (rule) {
      this.criteria = { criteria: rule.criteria, values: rule.values };
      this.allowInvalid = rule.allowInvalid;
      this.helpText = rule.helpText;
    }
  }

  requireCheckbox(checkedValue?: unknown, uncheckedValue?: unknown): DataValidationBuilderFake {
    const { criteria, values } = checkboxRule([checkedValue, uncheckedValue]);
    this.criteria = { criteria, values };
    return this;
  }

  /** requireValueInList(values[, showDropdown]); the dropdown shows unless told otherwise. */
  requireValueInList(values: unknown, showDropdown?: unknown): DataValidationBuilderFake {
    const api = 'SpreadsheetApp.DataValidationBuilder.requireValueInList';
    if (!Array.isArray(values) || (showDropdown !== undefined && typeof showDropdown !== 'boolean'))
      throw signatureMismatch(api, [values, showDropdown]);
    this.criteria = { criteria: 'VALUE_IN_LIST', values: [values.map((value) => String(criteriaValue(api, value))), showDropdown ?? true] };
    return this;
  }

  setAllowInvalid(allowInvalidData: unknown): DataValidationBuilderFake {
    if (typeof allowInvalidData !== 'boolean')
      throw signatureMismatch('SpreadsheetApp.DataValidationBuilder.setAllowInvalid', [allowInvalidData]);
    this.allowInvalid = allowInvalidData;
    return this;
  }

  setHelpText(helpText: unknown): DataValidationBuilderFake {
    this.helpText = String(helpText ?? '');
    return this;
  }

  getCriteriaType(): string | null {
    return this.criteria?.criteria ?? null;
  }

  getCriteriaValues(): CriteriaValue[] {
    return structuredClone(this.criteria?.values ?? []);
  }

  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }

  getHelpText(): string | null {
    return this.helpText === '' ? null : this.helpText;
  }

  build(): DataValidationFake {
    if (!this.criteria)
      throw new ScriptException(
        'The data validation rule has no criteria: call requireCheckbox() or requireValueInList(values) before build().',
      );
    return new DataValidationFake(copyRule({ ...this.criteria, allowInvalid: this.allowInvalid, helpText: this.helpText }));
  }

  copy(): DataValidationBuilderFake {
    const copy = new DataValidationBuilderFake();
    copy.criteria = this.criteria && structuredClone(this.criteria);
    copy.allowInvalid = this.allowInvalid;
    copy.helpText = this.helpText;
    return copy;
  }
}
