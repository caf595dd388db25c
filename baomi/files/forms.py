from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.doc,.xlsx,.pptx"


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件"), allow_empty_file=True,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


class TraceForm(forms.Form):
    file = forms.FileField(label=_("泄露的 PDF(整份或其中一页)"), allow_empty_file=True,
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
