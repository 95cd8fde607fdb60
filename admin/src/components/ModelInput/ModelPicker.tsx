import { forwardRef, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  Box,
  Button,
  Flex,
  Loader,
  TextInput,
  Typography,
  useComposedRefs,
} from '@strapi/design-system';
import { Search } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { ModelView, PickableConnection } from '../../../../common/contracts/models';
import { useLocateModelQuery } from '../../api/queries';
import type { FieldRef } from '../../api/useMatterportApi';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useModel } from '../../hooks/useModel';
import { useModelSearch } from '../../hooks/useModelSearch';
import { getTranslation } from '../../utils/getTranslation';
import { parseModelReference } from '../../utils/modelReference';
import { ProblemNotice } from '../ProblemNotice';
import { HolderChoice } from './HolderChoice';
import { ModelOption } from './ModelOption';
import { pickerStatus, ReferenceProblem } from './PickerMessages';

export const SEARCH_DEBOUNCE_MS = 300;

interface ModelPickerProps {
  /** The connection searched (and where a typed ID is looked up). */
  connection: string;
  /**
   * The connections the field allows, when more than one: a pasted link is then looked up in
   * each of them (GET /models/:id/connections), since a model ID exists in one organisation.
   */
  connections: PickableConnection[];
  field: FieldRef;
  disabled?: boolean;
  /** Focus the search box on mount (the editor just pressed "Change"). */
  autoFocus?: boolean;
  /** Ids of the field's hint and error, so the search box is described by them. */
  describedBy?: string;
  /** The model and the connection that holds it. */
  onSelect: (model: ModelView, connection: string) => void;
  /** Present while changing an existing value: Escape and the Cancel button end the change. */
  onCancel?: () => void;
}

/**
 * The search box and its results, as an ARIA combobox with an inline listbox: focus
 * stays in the box, arrow keys move the highlighted option, Enter picks it. The same box
 * takes a pasted Showcase link or model ID: once recognised, the model is looked up and,
 * for a paste, picked at once. Nothing is fetched until the box is focused or typed in,
 * so opening an entry does not call Matterport for every empty field.
 *
 * Why not the design system's Combobox (v2, @strapi/ui-primitives), checked against its
 * source in node_modules: thumbnails would fit (an option's children are any node), but
 * - it matches options against the typed text itself (startsWith on each option's
 *   textValue, unless autocomplete is "none"), while here Matterport does the search
 *   (names, and a bare ID that matches no name) and its answers must all be shown;
 * - on blur, text that names no option is cleared (or, with allowCustomValue, becomes
 *   the value): a pasted Showcase URL must stay in the box while the model is looked up,
 *   and must never become the stored value unparsed;
 * - the listbox holds only options, a loading line and a "no options" string: the
 *   "not a Matterport link" / "no such space" explanations, the retry and settings links
 *   of ProblemNotice, and the "Load more (20 of 134)" button have no place in it (its
 *   onLoadMore is an IntersectionObserver on scroll, with no count and no retry).
 * So the picker keeps its own ARIA combobox; its data comes through react-query (api/queries.ts).
 */
export const ModelPicker = forwardRef<HTMLInputElement, ModelPickerProps>(
  (
    {
      connection,
      connections,
      field,
      disabled = false,
      autoFocus = false,
      describedBy,
      onSelect,
      onCancel,
    },
    forwardedRef
  ) => {
    const intl = useIntl();
    const { formatMessage } = intl;
    const listboxId = useId();
    const inputRef = useRef<HTMLInputElement>(null);
    const composedRef = useComposedRefs(forwardedRef, inputRef);

    const [text, setText] = useState('');
    const [debounced, flushDebounce] = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
    const [opened, setOpened] = useState(autoFocus);
    // The ID a paste asked for: picked as soon as Matterport confirms it exists.
    const [pastedId, setPastedId] = useState<string | null>(null);
    const [activeIndex, setActiveIndex] = useState(-1);

    const reference = useMemo(() => parseModelReference(debounced), [debounced]);
    // Bare IDs are searched too: the server matches names and IDs, and an 11-letter word
    // ("Conferences") is more often a name than an ID.
    const searchText =
      reference.kind === 'search'
        ? reference.text
        : reference.kind === 'model' && reference.from === 'id'
          ? reference.modelId
          : null;
    const search = useModelSearch(opened && !disabled ? searchText : null, connection);
    const lookupId = reference.kind === 'model' ? reference.modelId : null;
    // A paste among several connections asks which of them hold the model; anything else
    // (typing, or one connection) looks the model up in the connection searched.
    const locating = connections.length > 1 && pastedId !== null && pastedId === lookupId;
    const lookup = useModel(opened && !disabled && !locating ? lookupId : null, connection);
    const located = useLocateModelQuery(opened && !disabled && locating ? pastedId : null, field);
    const holders = locating && located.data ? located.data.holders : null;

    useEffect(() => {
      if (autoFocus) inputRef.current?.focus();
    }, [autoFocus]);

    useEffect(() => {
      if (!locating && pastedId && lookup.model && lookup.model.id === pastedId) {
        setPastedId(null);
        setText('');
        flushDebounce('');
        onSelect(lookup.model, connection);
      }
    }, [locating, pastedId, lookup.model, onSelect, flushDebounce, connection]);

    // One connection holds the pasted model: it is picked at once, as with one connection.
    useEffect(() => {
      if (holders && holders.length === 1) {
        const [holder] = holders;
        setPastedId(null);
        setText('');
        flushDebounce('');
        onSelect(holder.model, holder.id);
      }
    }, [holders, onSelect, flushDebounce]);

    const options = useMemo(() => {
      const found = lookup.model ? [lookup.model] : [];
      const rest =
        searchText === null ? [] : search.models.filter((model) => model.id !== lookup.model?.id);
      return [...found, ...rest];
    }, [lookup.model, search.models, searchText]);

    useEffect(() => setActiveIndex(-1), [options]);

    // A link, or a pasted ID, that Matterport does not know is an error; a typed
    // 11-letter word that is no ID is just a search.
    const lookupFailed =
      lookup.problem &&
      reference.kind === 'model' &&
      (reference.from === 'url' || pastedId === reference.modelId);
    // No allowed connection holds it (and each one answered): the same "not found" as with one.
    const locatedNowhere = Boolean(
      holders && holders.length === 0 && located.data?.unknown.length === 0
    );
    const locateProblem = locating ? located.problem : null;
    const settled = text === debounced;

    const select = (model: ModelView, holder = connection) => {
      setText('');
      flushDebounce('');
      setPastedId(null);
      onSelect(model, holder);
    };

    const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault();
          setOpened(true);
          if (options.length) setActiveIndex((index) => Math.min(index + 1, options.length - 1));
          break;
        case 'ArrowUp':
          event.preventDefault();
          if (options.length) setActiveIndex((index) => Math.max(index - 1, 0));
          break;
        case 'Home':
        case 'End':
          if (!options.length || activeIndex < 0) break;
          event.preventDefault();
          setActiveIndex(event.key === 'Home' ? 0 : options.length - 1);
          break;
        case 'Enter': {
          // Never let Enter in the search box submit the entry form.
          event.preventDefault();
          const chosen =
            activeIndex >= 0 ? options[activeIndex] : options.length === 1 ? options[0] : undefined;
          if (chosen) select(chosen);
          break;
        }
        case 'Escape':
          if (text) {
            event.preventDefault();
            setText('');
            flushDebounce('');
          } else if (onCancel) {
            event.preventDefault();
            onCancel();
          }
          break;
        default:
      }
    };

    const onPaste = (event: React.ClipboardEvent<HTMLInputElement>) => {
      const pasted = event.clipboardData.getData('text');
      const parsed = parseModelReference(pasted);
      if (parsed.kind === 'search') return;
      // A link replaces whatever was typed; it is not appended to it.
      event.preventDefault();
      setOpened(true);
      setText(pasted.trim());
      flushDebounce(pasted.trim());
      setPastedId(parsed.kind === 'model' ? parsed.modelId : null);
    };

    useEffect(() => {
      if (activeIndex < 0) return;
      document
        .getElementById(`${listboxId}-${activeIndex}`)
        ?.scrollIntoView?.({ block: 'nearest' });
    }, [activeIndex, listboxId]);

    const showList = opened && !disabled && options.length > 0;
    const loading =
      opened &&
      !disabled &&
      (!settled ||
        search.status === 'loading' ||
        (locating && located.loading) ||
        (lookup.loading && !search.models.length));
    const problem =
      search.problem ??
      (lookupFailed && lookup.problem?.kind !== 'notFound' ? lookup.problem : null);
    const retry = search.problem ? search.retry : lookup.retry;
    const statusId = `${listboxId}-status`;

    return (
      <Flex direction="column" alignItems="stretch" gap={2}>
        <TextInput
          ref={composedRef}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          name=""
          aria-label={formatMessage({
            id: getTranslation('picker.search.label'),
            defaultMessage: 'Search Matterport spaces',
          })}
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listboxId}
          aria-activedescendant={activeIndex >= 0 ? `${listboxId}-${activeIndex}` : undefined}
          aria-describedby={[statusId, describedBy].filter(Boolean).join(' ')}
          data-testid="matterport-search-input"
          placeholder={formatMessage({
            id: getTranslation('picker.search.placeholder'),
            defaultMessage: 'Search, or paste a Showcase link or ID',
          })}
          startAction={<Search aria-hidden />}
          value={text}
          disabled={disabled}
          onFocus={() => setOpened(true)}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
            setOpened(true);
            setPastedId(null);
            setText(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />

        <ReferenceProblem
          reference={reference}
          settled={settled}
          notFound={locatedNowhere || Boolean(lookupFailed && lookup.problem?.kind === 'notFound')}
        />

        {holders && (holders.length > 1 || (holders.length === 0 && !locatedNowhere)) ? (
          <HolderChoice
            holders={holders.length > 1 ? holders : []}
            unknown={located.data?.unknown}
            onChoose={(holder) => select(holder.model, holder.id)}
          />
        ) : null}

        {problem ? <ProblemNotice problem={problem} onRetry={retry} /> : null}
        {locateProblem ? <ProblemNotice problem={locateProblem} onRetry={located.reload} /> : null}

        <Box
          tag="ul"
          id={listboxId}
          role="listbox"
          aria-label={formatMessage({
            id: getTranslation('picker.results.label'),
            defaultMessage: 'Matterport spaces',
          })}
          aria-busy={loading}
          hidden={!showList}
          style={{ maxHeight: 360, overflowY: 'auto', margin: 0, padding: 0 }}
        >
          {options.map((model, index) => (
            <ModelOption
              key={model.id}
              id={`${listboxId}-${index}`}
              model={model}
              active={index === activeIndex}
              onSelect={select}
              onHover={() => setActiveIndex(index)}
            />
          ))}
        </Box>

        <Flex justifyContent="space-between" alignItems="center" gap={2}>
          <Typography id={statusId} variant="pi" textColor="neutral600" aria-live="polite">
            {opened && !disabled && !problem && reference.kind !== 'invalid'
              ? pickerStatus(intl, {
                  loading,
                  ready: search.status === 'ready',
                  options: options.length,
                  searchText,
                  shown: search.models.length,
                  total: search.total,
                })
              : null}
          </Typography>
          {/* The status line already announces the search; the spinner is only visual. */}
          {loading ? <Loader small aria-hidden /> : null}
        </Flex>

        {search.moreProblem ? (
          <ProblemNotice problem={search.moreProblem} onRetry={search.loadMore} />
        ) : null}

        {(search.nextOffset && searchText !== null) || onCancel ? (
          <Flex gap={2}>
            {search.nextOffset && searchText !== null && !search.moreProblem ? (
              <Button
                variant="tertiary"
                size="S"
                loading={search.loadingMore}
                onClick={search.loadMore}
                data-testid="matterport-load-more"
              >
                {formatMessage({
                  id: getTranslation('picker.loadMore'),
                  defaultMessage: 'Load more spaces',
                })}
              </Button>
            ) : null}
            {onCancel ? (
              <Button
                variant="tertiary"
                size="S"
                onClick={onCancel}
                data-testid="matterport-cancel-change"
              >
                {formatMessage({
                  id: getTranslation('picker.cancelChange'),
                  defaultMessage: 'Keep the current space',
                })}
              </Button>
            ) : null}
          </Flex>
        ) : null}
      </Flex>
    );
  }
);

ModelPicker.displayName = 'ModelPicker';
