"""Offline translation assistant: private, on-device translation with M2M-100 on OpenVINO."""

__version__ = "0.1.0"
APP_NAME = "OfflineTranslationAssistant"
APP_AUTHOR = "OfflineTranslationAssistant"
