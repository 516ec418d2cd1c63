import type { EmailWording } from '../wording.js';

/** Traditional Chinese (Taiwan usage: 登入, 帳號, 電子郵件, 身分), with 【】 around the name in subjects. */
export const zhTW: EmailWording = {
  lang: 'zh-TW',
  dir: 'ltr',
  wordBreak: 'normal',
  fontFamily:
    "-apple-system, BlinkMacSystemFont, 'PingFang TC', 'Microsoft JhengHei', '微軟正黑體', 'Noto Sans TC', sans-serif",
  msoFontFamily: "'Microsoft JhengHei', '微軟正黑體', sans-serif",
  labelSeparator: '：',
  codes: {
    SignIn: {
      subject: ({ app }) => (app ? `【${app}】登入驗證碼` : '登入驗證碼'),
      preheader: () => '請輸入驗證碼完成登入。',
      heading: () => '登入驗證碼',
      intro: ({ app }) =>
        app ? `您正在登入${app}，請輸入下方的驗證碼。` : '您正在登入，請輸入下方的驗證碼。',
    },
    Register: {
      subject: ({ app }) => (app ? `【${app}】註冊驗證碼` : '註冊驗證碼'),
      preheader: () => '請輸入驗證碼完成註冊。',
      heading: () => '驗證您的電子郵件',
      intro: ({ app }) =>
        app
          ? `您正在註冊${app}帳號，請輸入下方的驗證碼完成註冊。`
          : '您正在註冊帳號，請輸入下方的驗證碼完成註冊。',
    },
    ForgotPassword: {
      subject: ({ app }) => (app ? `【${app}】重設密碼驗證碼` : '重設密碼驗證碼'),
      preheader: () => '請輸入驗證碼，然後設定新密碼。',
      heading: () => '重設密碼',
      intro: ({ app }) =>
        app ? `您正在重設${app}帳號的密碼，請輸入下方的驗證碼。` : '您正在重設帳號密碼，請輸入下方的驗證碼。',
    },
    Generic: {
      subject: ({ app }) => (app ? `【${app}】驗證碼` : '您的驗證碼'),
      preheader: () => '請輸入驗證碼，以驗證您的電子郵件地址。',
      heading: () => '驗證碼',
      intro: () => '請輸入下方的驗證碼，以驗證您的電子郵件地址。',
    },
    UserPermissionValidation: {
      subject: ({ app }) => (app ? `【${app}】身分驗證` : '身分驗證'),
      preheader: () => '為了保護您的帳號安全，需要驗證您的身分。',
      heading: () => '驗證您的身分',
      intro: () => '為了保護您的帳號安全，需要驗證您的身分。請輸入下方的驗證碼。',
    },
    BindNewIdentifier: {
      subject: ({ app }) => (app ? `【${app}】驗證新的電子郵件` : '驗證新的電子郵件'),
      preheader: () => '請輸入驗證碼，將這個電子郵件地址連結到您的帳號。',
      heading: () => '驗證新的電子郵件',
      intro: ({ app }) =>
        app
          ? `您正在將這個電子郵件地址連結到${app}帳號，請輸入下方的驗證碼。`
          : '您正在將這個電子郵件地址連結到您的帳號，請輸入下方的驗證碼。',
    },
    MfaVerification: {
      subject: ({ app }) => (app ? `【${app}】兩步驟驗證碼` : '兩步驟驗證碼'),
      preheader: () => '請輸入驗證碼完成登入。',
      heading: () => '兩步驟驗證',
      intro: ({ app }) =>
        app
          ? `您正在登入${app}，請輸入下方的驗證碼完成兩步驟驗證。`
          : '您正在登入，請輸入下方的驗證碼完成兩步驟驗證。',
      notYou: '如果這不是您本人的登入操作，表示您的密碼可能已遭他人得知，請立即變更密碼。',
    },
    BindMfa: {
      subject: ({ app }) => (app ? `【${app}】設定兩步驟驗證` : '設定兩步驟驗證'),
      preheader: () => '請輸入驗證碼，啟用電子郵件兩步驟驗證。',
      heading: () => '設定兩步驟驗證',
      intro: ({ app }) =>
        app
          ? `您正在為${app}帳號啟用電子郵件兩步驟驗證，請輸入下方的驗證碼。`
          : '您正在啟用電子郵件兩步驟驗證，請輸入下方的驗證碼。',
    },
  },
  invitation: {
    subject: ({ org, inviter }) =>
      org ? (inviter ? `${inviter}邀請您加入${org}` : `您已受邀加入${org}`) : '您已受邀加入組織',
    preheader: () => '接受邀請，立即開始使用。',
    heading: ({ org }) => (org ? `加入${org}` : '加入組織'),
    intro: ({ org, inviter }) => `${inviter ? `${inviter}邀請您加入` : '您已受邀加入'}${org ?? '組織'}。`,
    accept: {
      link: '請點選下方按鈕接受邀請。',
      code: '請輸入下方的邀請碼以接受邀請。',
    },
    button: '接受邀請',
    codeLabel: '邀請碼',
    linkHint: '如果按鈕無法使用，請將下列連結複製到瀏覽器中開啟：',
    ignore: '如果這份邀請與您無關，請忽略這封電子郵件。',
  },
  codeLabel: '驗證碼',
  expiry: '驗證碼將於短時間內失效，請盡快使用。',
  doNotShare: '請勿將驗證碼提供給任何人。',
  notYou: '如果這不是您本人的操作，請忽略這封電子郵件。',
};
