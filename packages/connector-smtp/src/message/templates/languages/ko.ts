import type { EmailWording } from '../wording.js';

/**
 * Korean, in the polite 합니다체 of Korean service mail, with "~해 주세요" requests. A name is
 * followed only by particles that do not change with its last sound (에, 님이), so the sentences
 * stay right for any application or organization name.
 */
export const ko: EmailWording = {
  lang: 'ko',
  dir: 'ltr',
  wordBreak: 'keep-all',
  fontFamily:
    "-apple-system, BlinkMacSystemFont, 'Apple SD Gothic Neo', 'Malgun Gothic', '맑은 고딕', 'Noto Sans KR', sans-serif",
  msoFontFamily: "'Malgun Gothic', '맑은 고딕', sans-serif",
  labelSeparator: ': ',
  codes: {
    SignIn: {
      subject: ({ app }) => (app ? `[${app}] 로그인 인증 코드 안내` : '로그인 인증 코드 안내'),
      preheader: () => '인증 코드를 입력하면 로그인이 완료됩니다.',
      heading: () => '로그인 인증 코드',
      intro: ({ app }) =>
        app
          ? `${app}에 로그인하려면 아래 인증 코드를 입력해 주세요.`
          : '로그인하려면 아래 인증 코드를 입력해 주세요.',
    },
    Register: {
      subject: ({ app }) => (app ? `[${app}] 회원가입 인증 코드 안내` : '회원가입 인증 코드 안내'),
      preheader: () => '인증 코드를 입력하면 회원가입이 완료됩니다.',
      heading: () => '이메일 주소 인증',
      intro: ({ app }) =>
        app
          ? `${app} 회원가입을 마치려면 아래 인증 코드를 입력해 주세요.`
          : '회원가입을 마치려면 아래 인증 코드를 입력해 주세요.',
    },
    ForgotPassword: {
      subject: ({ app }) =>
        app ? `[${app}] 비밀번호 재설정 인증 코드 안내` : '비밀번호 재설정 인증 코드 안내',
      preheader: () => '인증 코드를 입력하고 새 비밀번호를 설정해 주세요.',
      heading: () => '비밀번호 재설정',
      intro: ({ app }) =>
        app
          ? `${app} 계정의 비밀번호를 재설정하려면 아래 인증 코드를 입력해 주세요.`
          : '비밀번호를 재설정하려면 아래 인증 코드를 입력해 주세요.',
    },
    Generic: {
      subject: ({ app }) => (app ? `[${app}] 인증 코드 안내` : '인증 코드 안내'),
      preheader: () => '이메일 주소 확인을 위한 인증 코드입니다.',
      heading: () => '인증 코드',
      intro: () => '이메일 주소를 확인하려면 아래 코드를 입력해 주세요.',
    },
    UserPermissionValidation: {
      subject: ({ app }) => (app ? `[${app}] 본인 확인 인증 코드 안내` : '본인 확인 인증 코드 안내'),
      preheader: () => '계정 보호를 위해 본인 확인이 필요합니다.',
      heading: () => '본인 확인',
      intro: () => '계정을 안전하게 보호하기 위해 본인 확인이 필요합니다. 아래 인증 코드를 입력해 주세요.',
    },
    BindNewIdentifier: {
      subject: ({ app }) =>
        app ? `[${app}] 새 이메일 주소 인증 코드 안내` : '새 이메일 주소 인증 코드 안내',
      preheader: () => '인증 코드를 입력하면 이 이메일 주소가 계정에 연결됩니다.',
      heading: () => '새 이메일 주소 인증',
      intro: ({ app }) =>
        app
          ? `이 이메일 주소를 ${app} 계정에 연결하려면 아래 인증 코드를 입력해 주세요.`
          : '이 이메일 주소를 계정에 연결하려면 아래 인증 코드를 입력해 주세요.',
    },
    MfaVerification: {
      subject: ({ app }) => (app ? `[${app}] 2단계 인증 코드 안내` : '2단계 인증 코드 안내'),
      preheader: () => '인증 코드를 입력하면 로그인이 완료됩니다.',
      heading: () => '2단계 인증',
      intro: ({ app }) =>
        app
          ? `${app} 로그인을 마치려면 아래 인증 코드를 입력해 주세요.`
          : '로그인을 마치려면 아래 인증 코드를 입력해 주세요.',
      notYou:
        '로그인을 시도하지 않으셨다면 다른 사람이 비밀번호를 알고 있을 수 있습니다. 지금 바로 비밀번호를 변경해 주세요.',
    },
    BindMfa: {
      subject: ({ app }) => (app ? `[${app}] 2단계 인증 설정 코드 안내` : '2단계 인증 설정 코드 안내'),
      preheader: () => '인증 코드를 입력하면 이메일 2단계 인증이 설정됩니다.',
      heading: () => '2단계 인증 설정',
      intro: ({ app }) =>
        app
          ? `${app} 계정에 이메일 2단계 인증을 설정하려면 아래 인증 코드를 입력해 주세요.`
          : '이메일 2단계 인증을 설정하려면 아래 인증 코드를 입력해 주세요.',
    },
  },
  invitation: {
    subject: ({ org, inviter }) =>
      org
        ? inviter
          ? `${inviter}님이 회원님을 ${org}에 초대했습니다`
          : `${org}에 초대되었습니다`
        : '조직에 초대되었습니다',
    preheader: () => '초대를 수락하고 바로 시작해 보세요.',
    heading: ({ org }) => (org ? `${org} 초대` : '조직 초대'),
    intro: ({ org, inviter }) =>
      inviter
        ? `${inviter}님이 회원님을 ${org ?? '조직'}에 초대했습니다.`
        : `${org ?? '조직'}에 초대되었습니다.`,
    accept: {
      link: '아래 버튼을 눌러 초대를 수락해 주세요.',
      code: '아래 초대 코드를 입력해 초대를 수락해 주세요.',
    },
    button: '초대 수락하기',
    codeLabel: '초대 코드',
    linkHint: '버튼이 동작하지 않으면 아래 링크를 복사해 브라우저 주소창에 붙여 넣어 주세요.',
    ignore: '초대받은 기억이 없으시면 이 메일은 무시하셔도 됩니다.',
  },
  codeLabel: '인증 코드',
  expiry: '인증 코드는 일정 시간이 지나면 만료되므로 지금 바로 입력해 주세요.',
  doNotShare: '인증 코드는 다른 사람에게 절대 알려 주지 마세요.',
  notYou: '직접 요청하지 않으셨다면 이 메일은 무시하셔도 됩니다.',
};
