export interface AppUserTable {
  id: string
  email: string
  display_name: string
  role: string
  password_hash: string | null
  status: 'invited' | 'active' | 'disabled'
  failed_sign_in_count: number
  locked_until: string | null
  last_sign_in_at: string | null
  created_at: string
  updated_at: string
}

export interface SessionTable {
  id: string
  user_id: string | null
  data: string
  expires_at: string
  created_at: string
  updated_at: string
}

export interface SignInTokenTable {
  id: string
  user_id: string
  purpose: 'sign_in_link' | 'invitation'
  token_hash: string
  expires_at: string
  used_at: string | null
  created_at: string
}
