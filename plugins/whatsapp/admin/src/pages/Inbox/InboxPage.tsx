import { Box, Button, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page, useAPIErrorHandler, useAuth, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { MESSAGE_TYPES, type ListConversations } from '../../../../shared/contracts/conversations';
import { UID } from '../../../../shared/uids';
import { CONVERSATION_STATES } from '../../../../shared/contracts/conversations-team';
import { inboxKeys, useConversations, useSetConversationState } from '../../api/inbox';
import { ConversationHeader } from '../../components/Conversation/ConversationHeader';
import { ConversationView } from '../../components/ConversationView';
import { CustomerPanel } from '../../components/CustomerPanel/CustomerPanel';
import { LiveBadge } from '../../components/LiveBadge';
import { PERMISSIONS } from '../../constants';
import { useInboxLiveUpdates } from '../../hooks/useInboxLiveUpdates';
import { useT } from '../../hooks/use-t';
import { BulkBar } from './BulkBar';
import { NewConversationDialog } from '../../components/NewConversation/NewConversationDialog';
import { ConversationList, titleOf, usernameOf } from './ConversationList';
import { StateFilters, type AssigneeTab, type StateTab } from './StateFilters';

/**
 * All conversations (customer × business number) by latest activity, with unread counts and
 * filters; the chosen one opens with the same timeline and composer as the customer's comms tab.
 * The selection and filters live in the URL, so a conversation can be linked to.
 */

const PAGE_SIZE = 25;

/** Tenants and numbers for the filters, from the content manager's API (empty when not allowed). */
function useOptions(uid: string, label: (row: any) => string, value: (row: any) => string) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: inboxKeys.options(uid),
    queryFn: async () => {
      try {
        const res = await get<{ results: any[] }>(`/content-manager/collection-types/${uid}`, { params: { pageSize: 100 } });
        return res.data.results.map((row) => ({ label: label(row), value: value(row) }));
      } catch {
        return [];
      }
    },
    staleTime: 60_000,
  });
}

const InboxContent = () => {
  const t = useT();
  const { formatAPIError } = useAPIErrorHandler();
  const [params, setParams] = useSearchParams();
  const live = useInboxLiveUpdates();
  const [search, setSearch] = useState(params.get('search') ?? '');
  const show = params.get('show') ?? 'all';
  // The team's filters (#16): open conversations by default, as a team works them.
  const stateParam = params.get('state');
  const stateTab: StateTab = stateParam === 'all' || (CONVERSATION_STATES as readonly string[]).includes(stateParam ?? '') ? (stateParam as StateTab) : 'open';
  const assigneeParam = params.get('assignee');
  const assigneeTab: AssigneeTab = assigneeParam === 'me' || assigneeParam === 'none' ? assigneeParam : 'all';
  const { allowedActions } = useRBAC(PERMISSIONS.conversationsManage);
  const canManage = Boolean((allowedActions as Record<string, boolean>).canConversationsManage);
  const sendRbac = useRBAC(PERMISSIONS.messagesSend);
  const canSend = Boolean((sendRbac.allowedActions as Record<string, boolean>).canMessagesSend);
  const [starting, setStarting] = useState(false);
  const currentUserId = useAuth('WhatsAppInbox', (auth) => auth.user?.id ?? null) as number | null;
  const { toggleNotification } = useNotification();
  const bulkState = useSetConversationState();
  const [selecting, setSelecting] = useState(false);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const query: ListConversations.Query = {
    state: stateTab,
    ...(assigneeTab !== 'all' ? { assignee: assigneeTab } : {}),
    page: Number(params.get('page') ?? 1),
    pageSize: PAGE_SIZE,
    ...(params.get('tenant') ? { tenant: params.get('tenant')! } : {}),
    ...(params.get('number') ? { phoneNumberId: params.get('number')! } : {}),
    ...(params.get('type') ? { type: params.get('type') as ListConversations.Query['type'] } : {}),
    ...(params.get('search') ? { search: params.get('search')! } : {}),
    ...(show === 'unread' ? { unread: 'true' as const } : {}),
    ...(show === 'failed' ? { failed: 'true' as const } : {}),
  };
  const conversations = useConversations(query);
  const tenants = useOptions(UID.tenant, (r) => r.name, (r) => r.documentId);
  const numbers = useOptions(UID.phoneNumber, (r) => r.displayPhoneNumber ?? r.phoneNumberId, (r) => r.phoneNumberId);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page' && key !== 'customer' && key !== 'number_open') next.delete('page');
    setParams(next, { replace: true });
  };

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((params.get('search') ?? '') !== search.trim()) setParam('search', search.trim() || undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps

  const selectedCustomer = params.get('customer');
  const selectedNumber = params.get('number_open') ?? undefined;
  const list = conversations.data?.data ?? [];
  const selected = list.find((c) => c.customer?.documentId === selectedCustomer && (!selectedNumber || c.phoneNumber?.phoneNumberId === selectedNumber));
  const selectedKey = selected?.conversationKey ?? params.get('key');
  // The title stays when the conversation leaves the list (closed while the "Open" tab is shown).
  const lastTitle = useRef<{ key: string | null; title: string } | null>(null);
  if (selected) lastTitle.current = { key: selected.conversationKey, title: titleOf(selected) };
  const title = selected ? titleOf(selected) : lastTitle.current?.key === selectedKey ? lastTitle.current?.title : undefined;
  const unknownSelected = !selectedCustomer && selectedKey ? list.find((c) => c.conversationKey === selectedKey) : undefined;
  const pagination = conversations.data?.meta.pagination;

  const select = (c: ListConversations.Conversation) => {
    const next = new URLSearchParams(params);
    next.delete('customer');
    next.delete('number_open');
    next.delete('key');
    if (c.customer) next.set('customer', c.customer.documentId);
    next.set('key', c.conversationKey);
    if (c.phoneNumber) next.set('number_open', c.phoneNumber.phoneNumberId);
    setParams(next, { replace: true });
  };

  const toggle = (key: string, on: boolean) =>
    setChecked((previous) => {
      const next = new Set(previous);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const bulk = (state: 'closed' | 'archived') =>
    bulkState.mutate(
      { conversationKeys: [...checked], state },
      {
        onSuccess: (result) => {
          setChecked(new Set());
          toggleNotification({
            type: 'success',
            message:
              state === 'closed'
                ? t('conversations.bulk.closed', '{count, plural, one {# conversation closed} other {# conversations closed}}', { count: result.changed.length })
                : t('conversations.bulk.archived', '{count, plural, one {# conversation archived} other {# conversations archived}}', { count: result.changed.length }),
          });
        },
        onError: (error) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) }),
      }
    );

  return (
    <>
      <Layouts.Header
        title={t('inbox.title', 'WhatsApp inbox')}
        subtitle={t('inbox.subtitle', '{count, plural, =0 {No unread messages} one {# unread message} other {# unread messages}}', {
          count: conversations.data?.meta.totalUnread ?? 0,
        })}
        secondaryAction={<LiveBadge state={live} />}
        primaryAction={
          canSend ? (
            <Button startIcon={<Plus />} onClick={() => setStarting(true)}>
              {t('newConversation.open', 'New conversation')}
            </Button>
          ) : undefined
        }
      />
      <NewConversationDialog
        open={starting}
        onOpenChange={setStarting}
        onStarted={(started) => {
          // Opens it like a conversation of the list; a new contact is not listed until a first message.
          lastTitle.current = { key: started.conversationKey, title: started.customer.name ?? started.customer.phone ?? started.conversationKey };
          const next = new URLSearchParams(params);
          next.set('customer', started.customer.documentId);
          next.set('number_open', started.phoneNumber.phoneNumberId);
          next.set('key', started.conversationKey);
          setParams(next, { replace: true });
          setStarting(false);
        }}
      />
      <Layouts.Content>
        <Flex gap={4} alignItems="flex-start">
          <Box width="360px" minWidth="300px" background="neutral0" hasRadius shadow="tableShadow">
            <Flex direction="column" alignItems="stretch" gap={2} padding={3}>
              <TextInput
                aria-label={t('inbox.filters.search', 'Search by name or phone')}
                placeholder={t('inbox.filters.search', 'Search by name or phone')}
                value={search}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)}
                size="S"
              />
              <Flex gap={2}>
                <SingleSelect size="S" aria-label={t('inbox.filters.show', 'Show')} value={show} onChange={(v: string | number) => setParam('show', v === 'all' ? undefined : String(v))}>
                  <SingleSelectOption value="all">{t('inbox.filters.all', 'All')}</SingleSelectOption>
                  <SingleSelectOption value="unread">{t('inbox.filters.unread', 'Unread')}</SingleSelectOption>
                  <SingleSelectOption value="failed">{t('inbox.filters.failed', 'With failed messages')}</SingleSelectOption>
                </SingleSelect>
                <SingleSelect size="S" aria-label={t('inbox.filters.type', 'Message type')} placeholder={t('inbox.filters.type', 'Message type')} value={params.get('type') ?? ''} onChange={(v: string | number) => setParam('type', String(v) || undefined)} onClear={() => setParam('type', undefined)}>
                  {MESSAGE_TYPES.map((type) => (
                    <SingleSelectOption key={type} value={type}>
                      {t(`inbox.type.${type}`, type)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Flex>
              <StateFilters
                state={stateTab}
                assignee={assigneeTab}
                stateCounts={conversations.data?.meta.stateCounts}
                assigneeCounts={conversations.data?.meta.assigneeCounts}
                onState={(value) => setParam('state', value === 'open' ? undefined : value)}
                onAssignee={(value) => setParam('assignee', value === 'all' ? undefined : value)}
              />
              {canManage &&
                (selecting ? (
                  <BulkBar
                    count={checked.size}
                    pageCount={list.length}
                    busy={bulkState.isPending}
                    onSelectAll={(on) => setChecked(on ? new Set(list.map((c) => c.conversationKey)) : new Set())}
                    onClose={() => bulk('closed')}
                    onArchive={() => bulk('archived')}
                    onCancel={() => {
                      setSelecting(false);
                      setChecked(new Set());
                    }}
                  />
                ) : (
                  <Flex>
                    <Button size="S" variant="tertiary" onClick={() => setSelecting(true)} disabled={list.length === 0}>
                      {t('conversations.bulk.select', 'Select conversations')}
                    </Button>
                  </Flex>
                ))}
              {((tenants.data?.length ?? 0) > 0 || (numbers.data?.length ?? 0) > 0) && (
                <Flex gap={2}>
                  {(tenants.data?.length ?? 0) > 0 && (
                    <SingleSelect size="S" aria-label={t('inbox.filters.tenant', 'Tenant')} placeholder={t('inbox.filters.tenant', 'Tenant')} value={params.get('tenant') ?? ''} onChange={(v: string | number) => setParam('tenant', String(v) || undefined)} onClear={() => setParam('tenant', undefined)}>
                      {tenants.data!.map((o) => (
                        <SingleSelectOption key={o.value} value={o.value}>
                          {o.label}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  )}
                  {(numbers.data?.length ?? 0) > 0 && (
                    <SingleSelect size="S" aria-label={t('inbox.filters.number', 'Business number')} placeholder={t('inbox.filters.number', 'Business number')} value={params.get('number') ?? ''} onChange={(v: string | number) => setParam('number', String(v) || undefined)} onClear={() => setParam('number', undefined)}>
                      {numbers.data!.map((o) => (
                        <SingleSelectOption key={o.value} value={o.value}>
                          {o.label}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  )}
                </Flex>
              )}
            </Flex>
            {conversations.isError && (
              <Box padding={3}>
                <Typography textColor="danger600">{formatAPIError(conversations.error as any)}</Typography>
              </Box>
            )}
            {!conversations.isLoading && list.length === 0 && !conversations.isError && (
              <Box padding={4}>
                <Typography textColor="neutral600">{t('inbox.list.empty', 'No conversations match.')}</Typography>
              </Box>
            )}
            <ConversationList conversations={list} selectedKey={selectedKey} onSelect={select} selecting={selecting} checked={checked} onToggle={toggle} />
            {pagination && pagination.pageCount > 1 && (
              <Flex justifyContent="space-between" padding={2}>
                <Button variant="tertiary" size="S" disabled={pagination.page <= 1} onClick={() => setParam('page', String(pagination.page - 1))}>
                  {t('inbox.list.previous', 'Previous')}
                </Button>
                <Typography variant="pi">{`${pagination.page} / ${pagination.pageCount}`}</Typography>
                <Button variant="tertiary" size="S" disabled={pagination.page >= pagination.pageCount} onClick={() => setParam('page', String(pagination.page + 1))}>
                  {t('inbox.list.next', 'Next')}
                </Button>
              </Flex>
            )}
          </Box>
          <Box flex="1" minWidth="0" background="neutral0" hasRadius shadow="tableShadow" padding={4}>
            {selectedCustomer ? (
              <>
                <Flex paddingBottom={3} gap={3} wrap="wrap" justifyContent="space-between" alignItems="center">
                  <Flex gap={2} alignItems="baseline">
                    <Typography variant="delta" tag="h2">
                      {title ?? t('inbox.conversation', 'Conversation')}
                    </Typography>
                    {selected && usernameOf(selected) && usernameOf(selected) !== title && (
                      <Typography variant="omega" textColor="neutral600" data-testid="wa-conversation-title-username">
                        {usernameOf(selected)}
                      </Typography>
                    )}
                  </Flex>
                  {selectedKey && <ConversationHeader conversationKey={selectedKey} canManage={canManage} currentUserId={currentUserId} initial={selected} />}
                </Flex>
                <ConversationView key={`${selectedCustomer}:${selectedNumber ?? ''}`} customerDocumentId={selectedCustomer} phoneNumberId={selectedNumber} height="calc(100vh - 420px)" />
              </>
            ) : unknownSelected ? (
              <Typography textColor="neutral600">
                {t('inbox.unknownSender', '{name} is not a customer yet. Create a customer with the phone +{waId} to see the conversation and reply.', {
                  name: titleOf(unknownSelected),
                  waId: unknownSelected.contact.waId ?? '',
                })}
              </Typography>
            ) : (
              <Typography textColor="neutral600">{t('inbox.pick', 'Choose a conversation.')}</Typography>
            )}
          </Box>
          {selectedCustomer && <CustomerPanel key={selectedCustomer} customerDocumentId={selectedCustomer} />}
        </Flex>
      </Layouts.Content>
    </>
  );
};

export const InboxPage = () => {
  const t = useT();
  return (
    <Page.Protect permissions={PERMISSIONS.messagesRead}>
      <Page.Title>{t('inbox.title', 'WhatsApp inbox')}</Page.Title>
      <Page.Main>
        <InboxContent />
      </Page.Main>
    </Page.Protect>
  );
};
