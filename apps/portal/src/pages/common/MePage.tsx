import { Descriptions } from 'antd';
import { api, ok } from '../../api/client';
import { useUser } from '../../auth/auth';
import { useLoad } from '../../components/hooks';
import { Page } from '../../components/Page';
import { RegionName } from '../../components/regions';
import { useT } from '../../i18n/i18n';

/** Who am I: GET /users/me as the session knows it, with the party's name. */
export function MePage() {
  const t = useT();
  const user = useUser();
  const provider = useLoad(
    () => (user.providerId ? ok(api.GET('/providers/{id}', { params: { path: { id: user.providerId } } })) : Promise.resolve(undefined)),
    [user.providerId],
  ).data;
  const enterprise = useLoad(
    () =>
      user.enterpriseId ? ok(api.GET('/enterprises/{id}', { params: { path: { id: user.enterpriseId } } })) : Promise.resolve(undefined),
    [user.enterpriseId],
  ).data;
  return (
    <Page title={t('auth.me')} testId="page-me">
      <Descriptions bordered column={1} size="small">
        <Descriptions.Item label={t('auth.username')}>
          <span data-testid="me-username">{user.username}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('me.role')}>
          <span data-testid="me-role" data-role={user.role}>
            {t(`role.${user.role}`)}
          </span>
        </Descriptions.Item>
        {user.regionCode && (
          <Descriptions.Item label={t('me.region')}>
            <RegionName code={user.regionCode} />
          </Descriptions.Item>
        )}
        {user.providerId && <Descriptions.Item label={t('me.provider')}>{provider?.name ?? user.providerId}</Descriptions.Item>}
        {user.enterpriseId && <Descriptions.Item label={t('me.enterprise')}>{enterprise?.name ?? user.enterpriseId}</Descriptions.Item>}
      </Descriptions>
    </Page>
  );
}
