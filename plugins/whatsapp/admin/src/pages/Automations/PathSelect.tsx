import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { PathOption } from './paths';

interface PathSelectProps {
  label: string;
  name: string;
  value: string | null | undefined;
  options: PathOption[];
  onChange: (value: string | null) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  /** Offer an empty choice (optional paths). */
  clearable?: boolean;
  placeholder?: string;
}

/** A field path picked from the content type's fields (relations one level deep). */
export const PathSelect = ({ label, name, value, options, onChange, error, hint, required, clearable, placeholder }: PathSelectProps) => {
  // A path typed elsewhere (API, seed) that the picker does not offer is still shown, not dropped.
  const all = value && !options.some((option) => option.value === value) ? [...options, { value, label: value, type: '?' }] : options;
  return (
    <Field.Root name={name} error={error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={value ?? ''}
        placeholder={placeholder}
        onClear={clearable ? () => onChange(null) : undefined}
        onChange={(next: string | number) => onChange(String(next) || null)}
      >
        {all.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
