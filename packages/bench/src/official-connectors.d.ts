// The official connectors ship no type declarations; both default-export a `CreateConnector`.
declare module '@logto/connector-smtp' {
  import type { CreateConnector, EmailConnector } from '@logto/connector-kit';

  const createConnector: CreateConnector<EmailConnector>;
  export default createConnector;
}

declare module '@logto/connector-naver' {
  import type { CreateConnector, SocialConnector } from '@logto/connector-kit';

  const createConnector: CreateConnector<SocialConnector>;
  export default createConnector;
}
