import { Badge, Box, Divider, Flex, Loader, Typography } from '@strapi/design-system';
import { useAPIErrorHandler } from '@strapi/strapi/admin';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { GetCustomerRecords } from '../../../../shared/contracts/customer-records';
import { useCustomerRecords } from '../../api/customer-records';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';

/**
 * The customer beside the conversation (#16): contact details, consent (opt-in, opt-out, marketing
 * opt-out, with their dates) and the records of other content types that point to the customer,
 * or to a supplier with the customer's phone, each linking to its Content Manager page. Which
 * types are listed is discovered by the server from the schemas (docs/conversations.md#customer-panel).
 */

const Row = ({ label, field, children }: { label: string; field: string; children: ReactNode }) => (
  <Flex gap={2} justifyContent="space-between" alignItems="flex-start" data-testid={`wa-contact-${field}`}>
    <Typography variant="pi" textColor="neutral600">
      {label}
    </Typography>
    <Typography variant="pi" textAlign="right" style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Typography>
  </Flex>
);

const ConsentBadge = ({ on, onLabel, offLabel, tone, testId }: { on: boolean; onLabel: string; offLabel: string; tone: 'success' | 'danger'; testId: string }) => (
  <Badge
    data-testid={testId}
    data-state={on ? 'on' : 'off'}
    backgroundColor={on ? `${tone}100` : 'neutral150'}
    textColor={on ? `${tone}700` : 'neutral700'}
  >
    {on ? onLabel : offLabel}
  </Badge>
);

const Contact = ({ customer }: { customer: GetCustomerRecords.Contact }) => {
  const t = useT();
  const dates = useFormatDate();
  const since = (at: string | null) => (at ? t('customers.panel.since', 'since {date}', { date: dates.dateTime(at) }) : null);
  const none = '—';
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="wa-customer-contact">
      <Typography variant="omega" fontWeight="bold">
        {customer.name ?? customer.profileName ?? t('customers.panel.noName', 'No name')}
      </Typography>
      <Row field="phone" label={t('customers.panel.phone', 'Phone')}>{customer.phone ?? none}</Row>
      <Row field="waId" label={t('customers.panel.waId', 'WhatsApp id')}>{customer.waId ?? none}</Row>
      {customer.username && <Row field="username" label={t('customers.panel.username', 'Username')}>@{customer.username}</Row>}
      {customer.userId && <Row field="userId" label={t('customers.panel.userId', 'WhatsApp user id (BSUID)')}>{customer.userId}</Row>}
      {customer.email && <Row field="email" label={t('customers.panel.email', 'Email')}>{customer.email}</Row>}
      {customer.language && <Row field="language" label={t('customers.panel.language', 'Language')}>{customer.language}</Row>}
      <Row field="tenant" label={t('customers.panel.tenant', 'Tenant')}>{customer.tenant?.name ?? none}</Row>
      {customer.lastInboundAt && <Row field="lastInbound" label={t('customers.panel.lastInbound', 'Last message')}>{dates.dateTime(customer.lastInboundAt)}</Row>}
      <Divider />
      <Typography variant="sigma" textColor="neutral600" tag="h4">
        {t('customers.panel.consent', 'Consent')}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Flex gap={2} wrap="wrap">
          <ConsentBadge testId="wa-consent-opt-in" on={customer.optedIn} tone="success" onLabel={t('customers.panel.optedIn', 'Opted in')} offLabel={t('customers.panel.notOptedIn', 'No opt-in')} />
          <Typography variant="pi" textColor="neutral600">{since(customer.optedIn ? customer.optedInAt : null)}</Typography>
        </Flex>
        <Flex gap={2} wrap="wrap">
          <ConsentBadge testId="wa-consent-opt-out" on={customer.optedOut} tone="danger" onLabel={t('customers.panel.optedOut', 'Opted out')} offLabel={t('customers.panel.notOptedOut', 'Not opted out')} />
          <Typography variant="pi" textColor="neutral600">{since(customer.optedOut ? customer.optedOutAt : null)}</Typography>
        </Flex>
        <Flex gap={2} wrap="wrap">
          <ConsentBadge
            testId="wa-consent-marketing"
            on={customer.marketingOptOut}
            tone="danger"
            onLabel={t('customers.panel.marketingOptOut', 'No marketing')}
            offLabel={t('customers.panel.marketingOk', 'Marketing allowed')}
          />
          <Typography variant="pi" textColor="neutral600">{since(customer.marketingOptOut ? customer.marketingOptOutAt : null)}</Typography>
        </Flex>
        <Flex gap={2} wrap="wrap">
          <ConsentBadge
            testId="wa-consent-blocked"
            on={Boolean(customer.blocked)}
            tone="danger"
            onLabel={t('customers.panel.blocked', 'Blocked on WhatsApp')}
            offLabel={t('customers.panel.notBlocked', 'Not blocked')}
          />
          <Typography variant="pi" textColor="neutral600">
            {customer.blocked
              ? customer.blocked.byName
                ? t('customers.panel.blockedSinceBy', 'since {date}, by {name}', { date: dates.dateTime(customer.blocked.at), name: customer.blocked.byName })
                : since(customer.blocked.at)
              : null}
          </Typography>
        </Flex>
      </Flex>
    </Flex>
  );
};

const Group = ({ group }: { group: GetCustomerRecords.Group }) => {
  const t = useT();
  const dates = useFormatDate();
  return (
    <Flex direction="column" alignItems="stretch" gap={1} tag="section" aria-label={group.displayName} data-testid="wa-linked-group" data-uid={group.uid}>
      <Flex justifyContent="space-between" gap={2}>
        <Typography variant="omega" fontWeight="semiBold" tag="h4">
          {group.displayName}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {t('customers.panel.count', '{count, plural, one {# record} other {# records}}', { count: group.count })}
        </Typography>
      </Flex>
      <Box tag="ul">
        {group.records.map((record) => (
          <Box tag="li" key={record.documentId} paddingTop={1} paddingBottom={1}>
            <Flex justifyContent="space-between" gap={2}>
              <Link to={record.to} data-testid="wa-linked-record">
                <Typography variant="pi" textColor="primary600">
                  {record.title}
                </Typography>
              </Link>
              {record.updatedAt && (
                <Typography variant="pi" textColor="neutral500">
                  {dates.day(record.updatedAt)}
                </Typography>
              )}
            </Flex>
          </Box>
        ))}
      </Box>
      {group.count > group.records.length && (
        <Link to={group.listTo}>
          <Typography variant="pi" textColor="primary600">
            {t('customers.panel.more', 'All {count} in the Content Manager', { count: group.count })}
          </Typography>
        </Link>
      )}
    </Flex>
  );
};

export const CustomerPanel = ({ customerDocumentId }: { customerDocumentId: string }) => {
  const t = useT();
  const { formatAPIError } = useAPIErrorHandler();
  const query = useCustomerRecords(customerDocumentId);
  return (
    <Box
      tag="aside"
      aria-label={t('customers.panel.title', 'Customer')}
      width="300px"
      minWidth="260px"
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={4}
      data-testid="wa-customer-panel"
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="delta" tag="h3">
          {t('customers.panel.title', 'Customer')}
        </Typography>
        {query.isLoading ? (
          <Loader small>{t('customers.panel.loading', 'Loading the customer…')}</Loader>
        ) : query.isError ? (
          <Typography variant="pi" textColor="danger600">
            {formatAPIError(query.error as any) || t('customers.panel.error', 'The customer could not be loaded.')}
          </Typography>
        ) : query.data ? (
          <>
            <Contact customer={query.data.customer} />
            <Divider />
            <Typography variant="sigma" textColor="neutral600" tag="h4">
              {t('customers.panel.records', 'Records')}
            </Typography>
            {query.data.groups.length === 0 ? (
              <Typography variant="pi" textColor="neutral600">
                {t('customers.panel.noRecords', 'No records point to this customer, or you may not read them.')}
              </Typography>
            ) : (
              query.data.groups.map((group) => <Group key={group.uid} group={group} />)
            )}
          </>
        ) : null}
      </Flex>
    </Box>
  );
};
