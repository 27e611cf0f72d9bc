import type { SandboxTemplate } from '../types';
import type { MediaStore } from '../media-store';
import { metaErrors } from '../errors';
import { isObject, requireArray, requireObject } from './checks';
import { validateMediaObject } from './validate-types';
import { variablesOf } from '../../shared/templates/variables';

/**
 * The check behind error 132000: the parameters sent for the header, the body and each button
 * must match the variables of the approved template ({{1}} or {{name}}). Meta also rejects a
 * media header sent with the wrong parameter type (132012).
 */


const MEDIA_HEADER_FORMATS = new Set(['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION']);

interface ButtonExpectation {
  type: string;
  /** Parameters the button needs. */
  required: number;
  /** Buttons whose single parameter may be left out (quick-reply payload, flow token, catalog). */
  optionalOne: boolean;
}

function componentOf(template: SandboxTemplate, type: string): any | undefined {
  return template.components.find((component) => isObject(component) && String(component.type).toUpperCase() === type);
}

function buttonExpectations(template: SandboxTemplate): ButtonExpectation[] {
  const buttons = componentOf(template, 'BUTTONS')?.buttons;
  if (!Array.isArray(buttons)) return [];
  return buttons.map((button: any) => {
    const type = String(button?.type ?? '').toUpperCase();
    switch (type) {
      case 'URL':
        return { type, required: variablesOf(button.url).length > 0 ? 1 : 0, optionalOne: false };
      case 'COPY_CODE':
      case 'OTP':
        // OTP zero-tap and one-tap still need the code as their single parameter.
        return { type, required: 1, optionalOne: false };
      case 'QUICK_REPLY':
      case 'FLOW':
      case 'CATALOG':
      case 'MPM':
        return { type, required: 0, optionalOne: true };
      default:
        return { type, required: 0, optionalOne: false };
    }
  });
}

function mismatch(part: string, given: number, expected: number): never {
  throw metaErrors.templateParamCount(
    `${part}: number of localizable_params (${given}) does not match the expected number of params (${expected})`
  );
}

/** NAMED templates need every parameter labelled with parameter_name, and exactly the template's names. */
function checkNames(part: string, parameters: any[], expected: string[]): void {
  const given = parameters.map((parameter) => (isObject(parameter) ? parameter.parameter_name : undefined));
  const missingLabel = given.findIndex((name) => typeof name !== 'string' || name === '');
  if (missingLabel >= 0) {
    throw metaErrors.templateParamCount(`${part}: parameter ${missingLabel} has no parameter_name, which named templates require`);
  }
  const unknown = given.filter((name) => !expected.includes(name));
  const absent = expected.filter((name) => !given.includes(name));
  if (unknown.length > 0 || absent.length > 0) {
    throw metaErrors.templateParamCount(
      `${part}: parameter names do not match the template (unexpected: ${unknown.join(', ') || 'none'}; missing: ${absent.join(', ') || 'none'})`
    );
  }
}

function checkTextParameters(part: string, parameters: any[], expected: string[], named: boolean): void {
  if (parameters.length !== expected.length) mismatch(part, parameters.length, expected.length);
  if (named) checkNames(part, parameters, expected);
  parameters.forEach((parameter, index) => {
    const object = requireObject(parameter, `${part} parameter ${index}`);
    if (!['text', 'currency', 'date_time'].includes(object.type)) {
      throw metaErrors.templateParamFormat(`${part}: parameter ${index} must be text, currency or date_time, got ${String(object.type)}`);
    }
    if (object.type === 'text' && (typeof object.text !== 'string' || object.text === '')) {
      throw metaErrors.invalidValue(`${part}: parameter ${index} has an empty text`);
    }
  });
}

export function checkTemplateParameters(template: SandboxTemplate, sent: Record<string, any>, media: MediaStore): void {
  const named = template.parameter_format === 'NAMED';
  const given = sent.components === undefined ? [] : requireArray(sent.components, "template['components']", 0, 20);
  const parametersOf = (component: any): any[] =>
    component?.parameters === undefined ? [] : requireArray(component.parameters, 'component parameters', 0, 100);
  const sentOfType = (type: string) => given.filter((component) => isObject(component) && String(component.type).toLowerCase() === type);

  // Header
  const header = componentOf(template, 'HEADER');
  const headerFormat = String(header?.format ?? 'TEXT').toUpperCase();
  const headerParameters = parametersOf(sentOfType('header')[0]);
  if (header && MEDIA_HEADER_FORMATS.has(headerFormat)) {
    if (headerParameters.length !== 1) mismatch('header', headerParameters.length, 1);
    const parameter = requireObject(headerParameters[0], 'header parameter 0');
    const expectedType = headerFormat.toLowerCase();
    if (parameter.type !== expectedType) {
      throw metaErrors.templateParamFormat(`header: expected a ${expectedType} parameter, got ${String(parameter.type)}`);
    }
    if (expectedType !== 'location') validateMediaObject(expectedType, parameter[expectedType], `header ${expectedType}`, media);
  } else {
    checkTextParameters('header', headerParameters, header ? variablesOf(header.text) : [], named);
  }

  // Body
  checkTextParameters('body', parametersOf(sentOfType('body')[0]), variablesOf(componentOf(template, 'BODY')?.text), named);

  // Buttons: each sent button component names the template button by index.
  const expectations = buttonExpectations(template);
  const seen = new Set<number>();
  for (const component of sentOfType('button')) {
    const index = Number(component.index);
    if (!Number.isInteger(index) || index < 0 || index >= expectations.length) {
      throw metaErrors.templateParamCount(`button: the template has no button at index ${String(component.index)}`);
    }
    seen.add(index);
    const expected = expectations[index];
    const count = parametersOf(component).length;
    const ok = count === expected.required || (expected.optionalOne && count <= 1);
    if (!ok) mismatch(`button at index ${index}`, count, expected.required);
  }
  expectations.forEach((expected, index) => {
    if (expected.required > 0 && !seen.has(index)) mismatch(`button at index ${index}`, 0, expected.required);
  });
}
