// The one map from a plugin ABI status (tempo_status, plugin.h) to the host's StatusCode, for
// every place a status crosses from the plugin side (a plugin call, the HTTP service's answer
// to a plugin request).
#ifndef TEMPO_HOST_COMMON_PLUGIN_STATUS_H_
#define TEMPO_HOST_COMMON_PLUGIN_STATUS_H_

#include "common/status.h"
#include "tempo/plugin.h"

namespace tempo {

inline StatusCode StatusCodeFor(tempo_status status) {
  switch (status) {
    case TEMPO_OK:
      return StatusCode::kOk;
    case TEMPO_ERR_INVALID_ARGUMENT:
      return StatusCode::kInvalidArgument;
    case TEMPO_ERR_UNAVAILABLE:
      return StatusCode::kUnavailable;
    case TEMPO_ERR_PERMISSION:
      return StatusCode::kPermission;
    case TEMPO_ERR_CANCELLED:
      return StatusCode::kCancelled;
    case TEMPO_ERR_INCOMPATIBLE:
      return StatusCode::kPlugin;
    case TEMPO_ERR_DATA:
      return StatusCode::kData;
    case TEMPO_ERR_QUOTA:
      return StatusCode::kQuota;
    case TEMPO_ERR_NOT_FOUND:
      return StatusCode::kNotFound;
    case TEMPO_ERR_SKIPPED:
      return StatusCode::kSkipped;
    case TEMPO_ERR_RESTART_FULL_REFRESH:
      return StatusCode::kRestartFullRefresh;
    default:
      return StatusCode::kInternal;
  }
}

}  // namespace tempo

#endif  // TEMPO_HOST_COMMON_PLUGIN_STATUS_H_
