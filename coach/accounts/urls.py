from django.contrib.auth import views as auth_views
from django.urls import path

from coach.accounts import api, views
from coach.accounts.throttles import throttle_posts

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        throttle_posts("password_reset")(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/email/verify/<str:token>/", views.email_verify_page, name="email-verify"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/email/", views.email_request, name="email-request"),
    path("settings/email/cancel/", views.email_cancel, name="email-cancel"),
    path("settings/delete/", views.account_delete_page, name="account-delete"),
    path("settings/tokens/new/", views.token_new, name="token-new"),
    path("settings/tokens/<str:token_key>/revoke/", views.token_revoke_page, name="token-revoke"),
    path("language/", views.switch_language, name="switch-language"),
]

api_urlpatterns = [
    path("auth/token/", api.TokenApi.as_view(), name="api-token"),
    path("auth/tokens/", api.TokenListApi.as_view(), name="api-tokens"),
    path("auth/tokens/<str:token_key>/", api.TokenDetailApi.as_view(), name="api-token-detail"),
    path("profile/", api.ProfileApi.as_view(), name="api-profile"),
    path("profile/email/", api.ProfileEmailApi.as_view(), name="api-profile-email"),
    path("profile/email/verify/", api.ProfileEmailVerifyApi.as_view(), name="api-profile-email-verify"),
    path("account/", api.AccountApi.as_view(), name="api-account"),
]
