import { Popconfirm, type PopconfirmProps } from 'antd';

/**
 * A Popconfirm whose action is async: antd awaits the promise `onConfirm` returns (the OK button
 * spins and the popup closes when it settles), which its void-returning type hides.
 */
export function AsyncPopconfirm({ onConfirm, ...props }: Omit<PopconfirmProps, 'onConfirm'> & { onConfirm: () => Promise<unknown> }) {
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd's ActionButton awaits this promise (loading, then close)
  return <Popconfirm {...props} onConfirm={onConfirm} />;
}
