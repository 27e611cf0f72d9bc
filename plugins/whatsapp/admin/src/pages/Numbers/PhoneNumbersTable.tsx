import { Box, EmptyStateLayout, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { PhoneNumberView } from '../../../../shared/contracts/numbers';
import { QualityBadge } from '../../components/QualityBadge';
import { useT } from '../../hooks/use-t';

/**
 * Every known number with Meta's details. Names and statuses from Meta are rendered as text
 * (React escapes them), never as HTML.
 */
export function PhoneNumbersTable({ numbers }: { numbers: PhoneNumberView[] }) {
  const t = useT();
  if (!numbers.length) {
    return <EmptyStateLayout content={t('numbers.numbers.empty', 'No phone numbers yet. Sync them from Meta.')} />;
  }
  return (
    <Table colCount={6} rowCount={numbers.length + 1}>
      <Thead>
        <Tr>
          <Th><Typography variant="sigma">{t('numbers.numbers.number', 'Number')}</Typography></Th>
          <Th><Typography variant="sigma">{t('numbers.numbers.verifiedName', 'Verified name')}</Typography></Th>
          <Th><Typography variant="sigma">{t('numbers.numbers.quality', 'Quality')}</Typography></Th>
          <Th><Typography variant="sigma">{t('numbers.numbers.status', 'Status')}</Typography></Th>
          <Th><Typography variant="sigma">{t('numbers.numbers.account', 'Account')}</Typography></Th>
          <Th><Typography variant="sigma">{t('numbers.numbers.tenant', 'Tenant')}</Typography></Th>
        </Tr>
      </Thead>
      <Tbody>
        {numbers.map((n) => (
          <Tr key={n.id}>
            <Td>
              <Typography fontWeight="semiBold">{n.displayPhoneNumber || n.phoneNumberId}</Typography>
              <Box>
                <Typography variant="pi" textColor="neutral600">
                  {n.phoneNumberId}
                  {n.isDefault ? ` · ${t('numbers.numbers.default', 'default number')}` : ''}
                </Typography>
              </Box>
            </Td>
            <Td><Typography>{n.verifiedName ?? '—'}</Typography></Td>
            <Td><QualityBadge rating={n.qualityRating} /></Td>
            <Td>
              <Typography textColor={n.missingAtMeta ? 'danger600' : undefined}>
                {n.missingAtMeta ? t('numbers.numbers.missing', 'No longer listed by Meta') : (n.status ?? '—')}
              </Typography>
              {n.messagingLimitTier ? (
                <Box><Typography variant="pi" textColor="neutral600">{n.messagingLimitTier}</Typography></Box>
              ) : null}
            </Td>
            <Td><Typography>{n.account?.name ?? '—'}</Typography></Td>
            <Td>
              <Typography textColor={n.tenant ? undefined : 'success600'}>
                {n.tenant?.name ?? t('numbers.numbers.free', 'Free')}
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
