"""Names the dead-code check (vulture, run by scripts/test.sh) cannot see used, because a
library calls or reads them by name. Nothing else belongs here: delete dead code instead."""

# ruff: noqa: B018
from transformers.models.m2m_100 import tokenization_m2m_100

from assistant.engine import m2m100, report, tokenizer, triage
from assistant.gui import shell
from assistant.models import catalogue, compiled_cache, download, m2m100_spec, torch_pickle
from assistant.state import clear_state

shell.MainWindow.closeEvent  # Qt calls it; the shell replaces it with its close handler

download._SafeRedirects.http_error_301  # urllib's handler calls http_error_<code>
download._SafeRedirects.http_error_303
download._SafeRedirects.http_error_307
download._SafeRedirects.http_error_308
torch_pickle.TensorUnpickler.find_class  # pickle.Unpickler hooks
torch_pickle.TensorUnpickler.persistent_load

tokenizer.M2MTokenizer.src_lang  # set on transformers' tokenizer, which reads it
triage.TriageLLM.do_sample  # set on openvino_genai's GenerationConfig, which reads it
triage.TriageLLM.structured_output_config

# Fields read through vars() or dataclasses.asdict (timings, the compiled-cache key file).
m2m100._Stages.tokenize
m2m100._Stages.detokenize
compiled_cache.CacheKey.device_name

# Fields of records that mirror a file format or a report and are kept whole: the catalogue
# entry, the checkpoint's config, the engine's load report and the clear-state report.
catalogue.CatalogueEntry.pin_source
m2m100_spec.M2M100Spec.encoder_ffn
m2m100_spec.M2M100Spec.decoder_ffn
report.EngineReport.devices_available
report.EngineReport.preflight_detail
clear_state.ClearStateReport.paths_removed
tokenization_m2m_100.load_json  # the engine's tokenizer sets it; transformers calls it
