package engine

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/labctl/labctl/internal/model"
)

// Labels Docker Compose v2 puts on what it creates (their meaning is
// defined once, in model's table), and labctl's own.
const (
	LabelProject         = model.LabelProject
	LabelService         = model.LabelService
	LabelConfigHash      = model.LabelConfigHash
	LabelContainerNumber = model.LabelContainerNumber
	LabelOneoff          = model.LabelOneoff
	LabelWorkingDir      = model.LabelWorkingDir
	LabelConfigFiles     = model.LabelConfigFiles
	LabelVersion         = model.LabelVersion
	LabelDependsOn       = model.LabelDependsOn
	LabelImage           = model.LabelImage
	LabelNetwork         = model.LabelNetwork
	LabelVolume          = model.LabelVolume

	// LabelBuildHash marks an image labctl built with a digest of its build
	// inputs (context files, Dockerfile, args, base images), so an unchanged
	// backend is not rebuilt.
	LabelBuildHash = "org.labctl.build-hash"
	// LabelFingerprint marks a volume with what its data was made from
	// (Hints.VolumeFingerprints).
	LabelFingerprint = "org.labctl.fingerprint"
)

// ComposeVersion is the Docker Compose release whose behaviour labctl
// mirrors; written in com.docker.compose.version.
const ComposeVersion = "2.40.3"

// ContainerName is compose's name for a service's container: NAME-SERVICE-1.
func ContainerName(project, service string) string {
	return project + "-" + service + "-1"
}

// BuildImageName is compose's name for a built image without `image:`:
// NAME-SERVICE.
func BuildImageName(project, service string) string {
	return project + "-" + service
}

// ProjectFilter is the label filter value selecting a project's objects.
func ProjectFilter(project string) string { return LabelProject + "=" + project }

// containerLabels are the labels of a service's container.
func containerLabels(p *types.Project, s types.ServiceConfig, hash, imageID string) map[string]string {
	l := map[string]string{}
	for k, v := range s.Labels {
		l[k] = v
	}
	l[LabelProject] = p.Name
	l[LabelService] = s.Name
	l[LabelVersion] = ComposeVersion
	l[LabelOneoff] = "False"
	l[LabelConfigHash] = hash
	l[LabelWorkingDir] = p.WorkingDir
	l[LabelConfigFiles] = strings.Join(p.ComposeFiles, ",")
	l[LabelContainerNumber] = strconv.Itoa(1)
	l[LabelDependsOn] = dependsOnLabel(s.DependsOn)
	if imageID != "" {
		l[LabelImage] = imageID
	}
	return l
}

// dependsOnLabel is compose's "svc:condition:restart,..." (sorted here, so
// that the label is stable).
func dependsOnLabel(deps types.DependsOnConfig) string {
	parts := make([]string, 0, len(deps))
	for name, d := range deps {
		parts = append(parts, fmt.Sprintf("%s:%s:%t", name, d.Condition, d.Restart))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func networkLabels(project, key string) map[string]string {
	return map[string]string{LabelProject: project, LabelNetwork: key, LabelVersion: ComposeVersion}
}

func volumeLabels(project, key string) map[string]string {
	return map[string]string{LabelProject: project, LabelVolume: key, LabelVersion: ComposeVersion}
}
