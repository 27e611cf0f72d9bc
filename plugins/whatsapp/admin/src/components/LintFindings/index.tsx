import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { formatLintMessage, type LintFinding } from '../../../../shared/templates';
import { getTranslation } from '../../utils/getTranslation';
import { useT } from '../../hooks/use-t';

/**
 * Lint findings as a list, each with the field it belongs to. Lint messages contain literal
 * `{{1}}`, which ICU (formatMessage) would read as syntax, so the translated text is taken raw
 * from the catalogue and filled with the shared formatter.
 */
export function useLintMessage() {
  const intl = useIntl();
  return (finding: LintFinding) => {
    const raw = intl.messages[getTranslation(`templates.lint.${finding.rule}`)];
    return typeof raw === 'string' ? formatLintMessage(raw, finding.params) : finding.message;
  };
}

export function LintFindings({ findings }: { findings: LintFinding[] }) {
  const t = useT();
  const message = useLintMessage();
  if (findings.length === 0) {
    return (
      <Typography textColor="success600" data-testid="template-lint-ok">
        {t('templates.lint.none', 'Meets WhatsApp’s rules.')}
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={2} tag="ul" data-testid="template-lint">
      {findings.map((finding, index) => (
        <Box
          tag="li"
          key={`${finding.rule}-${finding.path}-${index}`}
          data-rule={finding.rule}
          data-severity={finding.severity}
          padding={2}
          hasRadius
          background={finding.severity === 'error' ? 'danger100' : 'warning100'}
        >
          <Typography variant="pi" fontWeight="bold" textColor={finding.severity === 'error' ? 'danger700' : 'warning700'}>
            {finding.path}
          </Typography>
          <Typography variant="pi" tag="p">
            {message(finding)}
          </Typography>
        </Box>
      ))}
    </Flex>
  );
}
