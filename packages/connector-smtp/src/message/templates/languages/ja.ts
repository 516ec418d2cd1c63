import type { EmailWording } from '../wording.js';

/** Japanese, in the です・ます style of service mail, with 【】 around the name in subjects. */
export const ja: EmailWording = {
  lang: 'ja',
  dir: 'ltr',
  wordBreak: 'normal',
  fontFamily:
    "-apple-system, BlinkMacSystemFont, 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', Meiryo, 'Noto Sans JP', sans-serif",
  // Meiryo rather than Yu Gothic UI: on every Windows since Vista, and Yu Gothic draws faintly in Word's renderer.
  msoFontFamily: "Meiryo, 'メイリオ', sans-serif",
  labelSeparator: '：',
  codes: {
    SignIn: {
      subject: ({ app }) => (app ? `【${app}】ログイン用の確認コード` : 'ログイン用の確認コード'),
      preheader: () => '確認コードを入力してログインしてください。',
      heading: () => 'ログイン用の確認コード',
      intro: ({ app }) =>
        app
          ? `${app}にログインするには、以下の確認コードを入力してください。`
          : 'ログインするには、以下の確認コードを入力してください。',
    },
    Register: {
      subject: ({ app }) => (app ? `【${app}】アカウント登録用の確認コード` : 'アカウント登録用の確認コード'),
      preheader: () => '確認コードを入力すると、アカウント登録が完了します。',
      heading: () => 'メールアドレスの確認',
      intro: ({ app }) =>
        app
          ? `${app}のアカウント登録を完了するには、以下の確認コードを入力してください。`
          : 'アカウント登録を完了するには、以下の確認コードを入力してください。',
    },
    ForgotPassword: {
      subject: ({ app }) =>
        app ? `【${app}】パスワード再設定用の確認コード` : 'パスワード再設定用の確認コード',
      preheader: () => '確認コードを入力して、新しいパスワードを設定してください。',
      heading: () => 'パスワードの再設定',
      intro: ({ app }) =>
        app
          ? `${app}のパスワードを再設定するには、以下の確認コードを入力してください。`
          : 'パスワードを再設定するには、以下の確認コードを入力してください。',
    },
    Generic: {
      subject: ({ app }) => (app ? `【${app}】確認コードのお知らせ` : '確認コードのお知らせ'),
      preheader: () => 'メールアドレスの確認用コードをお送りします。',
      heading: () => '確認コード',
      intro: () => '以下のコードを入力して、メールアドレスの確認を完了してください。',
    },
    UserPermissionValidation: {
      subject: ({ app }) => (app ? `【${app}】本人確認のお願い` : '本人確認のお願い'),
      preheader: () => 'アカウント保護のため、本人確認が必要です。',
      heading: () => '本人確認',
      intro: () => 'アカウントを保護するため、本人確認が必要です。以下の確認コードを入力してください。',
    },
    BindNewIdentifier: {
      subject: ({ app }) => (app ? `【${app}】新しいメールアドレスの確認` : '新しいメールアドレスの確認'),
      preheader: () => '確認コードを入力すると、このメールアドレスがアカウントに登録されます。',
      heading: () => '新しいメールアドレスの確認',
      intro: ({ app }) =>
        app
          ? `このメールアドレスを${app}のアカウントに登録するには、以下の確認コードを入力してください。`
          : 'このメールアドレスをアカウントに登録するには、以下の確認コードを入力してください。',
    },
    MfaVerification: {
      subject: ({ app }) => (app ? `【${app}】2段階認証の確認コード` : '2段階認証の確認コード'),
      preheader: () => '確認コードを入力すると、ログインが完了します。',
      heading: () => '2段階認証',
      intro: ({ app }) =>
        app
          ? `${app}へのログインを完了するには、以下の確認コードを入力してください。`
          : 'ログインを完了するには、以下の確認コードを入力してください。',
      notYou:
        'ログインした覚えがない場合は、第三者にパスワードを知られているおそれがあります。すぐにパスワードを変更してください。',
    },
    BindMfa: {
      subject: ({ app }) => (app ? `【${app}】2段階認証の設定` : '2段階認証の設定'),
      preheader: () => '確認コードを入力すると、メールによる2段階認証が有効になります。',
      heading: () => '2段階認証の設定',
      intro: ({ app }) =>
        app
          ? `${app}のアカウントでメールによる2段階認証を有効にするには、以下の確認コードを入力してください。`
          : 'メールによる2段階認証を有効にするには、以下の確認コードを入力してください。',
    },
  },
  invitation: {
    subject: ({ org, inviter }) =>
      org
        ? inviter
          ? `${inviter}さんから${org}への招待が届いています`
          : `${org}への招待が届いています`
        : '組織への招待が届いています',
    preheader: () => '招待を承諾して、さっそく始めましょう。',
    heading: ({ org }) => (org ? `${org}への招待` : '組織への招待'),
    intro: ({ org, inviter }) => `${inviter ? `${inviter}さんから` : ''}${org ?? '組織'}に招待されました。`,
    accept: {
      link: '下のボタンから招待を承諾してください。',
      code: '以下の招待コードを入力して、招待を承諾してください。',
    },
    button: '招待を承諾する',
    codeLabel: '招待コード',
    linkHint: 'ボタンが機能しない場合は、次のリンクをコピーしてブラウザに貼り付けてください。',
    ignore: 'お心当たりがない場合は、このメールを破棄してください。',
  },
  codeLabel: '確認コード',
  expiry: '確認コードの有効期限は短いため、お早めに入力してください。',
  doNotShare: 'このコードは誰にも教えないでください。',
  notYou: 'お心当たりがない場合は、このメールを破棄してください。',
};
